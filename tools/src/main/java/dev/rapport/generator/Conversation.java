package dev.rapport.generator;

import dev.rapport.schema.Platform;
import java.util.ArrayList;
import java.util.List;

/** An open conversation: only what the next messages need. Dropped when nothing more is scheduled in it. */
final class Conversation {
    final String id;
    final Brand brand;
    final Platform platform;
    final List<Participant> participants = new ArrayList<>(1);
    int scheduled;

    Conversation(String id, Brand brand, Platform platform) {
        this.id = id;
        this.brand = brand;
        this.platform = platform;
    }

    Participant join(String customerId) {
        Participant participant = new Participant(customerId);
        participants.add(participant);
        return participant;
    }

    boolean hasParticipant(String customerId) {
        for (Participant participant : participants) {
            if (participant.customerId.equals(customerId)) {
                return true;
            }
        }
        return false;
    }
}
