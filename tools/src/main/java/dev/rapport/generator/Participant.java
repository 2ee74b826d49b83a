package dev.rapport.generator;

/** One customer in one conversation. */
final class Participant {
    static final long NEVER = Long.MAX_VALUE;

    final String customerId;
    String lastMessageId;
    String lastAnswerId;
    boolean waiting;
    long answerDueAt = NEVER;
    int followUpsLeft;
    int questionsAsked;
    boolean saidThanks;

    Participant(String customerId) {
        this.customerId = customerId;
    }
}
