package dev.rapport.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.rapport.ingest.ControlRecords;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.Processor;

/**
 * The dependency rules of the code base, checked on the compiled classes of every module (this
 * module's test classpath is the one that holds them all). Packages stand for the modules: a rule
 * broken here is a dependency that Maven's module graph would also refuse, or a package cycle
 * inside a module, which Maven cannot see.
 */
@AnalyzeClasses(packages = "dev.rapport", importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {
    private static final String[] CORE = {
        "dev.rapport.config..",
        "dev.rapport.serde..",
        "dev.rapport.metrics..",
        "dev.rapport.ingest..",
        "dev.rapport.conversation..",
        "dev.rapport.alert..",
        "dev.rapport.policy..",
        "dev.rapport.stats..",
        "dev.rapport.state..",
        "dev.rapport.streamsinternals..",
        "dev.rapport.importer..",
        "dev.rapport.calendar..",
        "dev.rapport.topology.."
    };
    private static final String[] SERVICE = {
        "dev.rapport.cli..",
        "dev.rapport.service..",
        "dev.rapport.kafka..",
        "dev.rapport.registry..",
        "dev.rapport.prometheus..",
        "dev.rapport.query..",
        "dev.rapport.files.."
    };
    private static final String[] TOOLS = {
        "dev.rapport.tools..",
        "dev.rapport.embedded..",
        "dev.rapport.replay..",
        "dev.rapport.capture..",
        "dev.rapport.generator..",
        "dev.rapport.demo..",
        "dev.rapport.bench.."
    };

    /** Dependencies point one way: tools and the test kit build on the service, the service on core. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Schemas")
            .definedBy("dev.rapport.schema..")
            .layer("Core")
            .definedBy(CORE)
            .layer("Service")
            .definedBy(SERVICE)
            .layer("TestKit")
            .definedBy("dev.rapport.testing..")
            .layer("Tools")
            .definedBy(TOOLS)
            .whereLayer("Tools")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("TestKit")
            .mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Service")
            .mayOnlyBeAccessedByLayers("TestKit", "Tools")
            .whereLayer("Core")
            .mayOnlyBeAccessedByLayers("Service", "TestKit", "Tools");

    @ArchTest
    static final ArchRule everyClassBelongsToALayer = classes()
            .that()
            .resideInAPackage("dev.rapport..")
            .should()
            .resideInAnyPackage(concat(CORE, SERVICE, TOOLS, "dev.rapport.schema..", "dev.rapport.testing.."))
            .because("a new package must be placed in a layer, or the layer rules above do not see it");

    /** Core is a library for a Kafka Streams application: no HTTP server, command line, broker or test driver. */
    @ArchTest
    static final ArchRule coreKnowsNoServerCliOrBroker = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "com.sun.net.httpserver..",
                    "picocli..",
                    "kafka..",
                    "org.apache.kafka.server..",
                    "org.apache.kafka.controller..",
                    "io.micrometer..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.kafka.streams.TopologyTestDriver");

    /** The service's jar (the container image) holds no broker and no test utilities. */
    @ArchTest
    static final ArchRule serviceShipsNoBrokerOrTestDriver = noClasses()
            .that()
            .resideInAnyPackage(SERVICE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "kafka..",
                    "org.apache.kafka.server..",
                    "org.apache.kafka.controller..",
                    "org.apache.kafka.streams.test..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.kafka.streams.TopologyTestDriver");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.rapport.(*)..").should().beFreeOfCycles();

    /**
     * Each processor lives with the domain it computes; {@code topology} only wires them. A
     * processor in {@code topology} would hide domain logic where a reader looks for wiring.
     */
    @ArchTest
    static final ArchRule processorsLiveInTheirDomainPackages = classes()
            .that(assignableTo(Processor.class).or(assignableTo(FixedKeyProcessor.class)))
            .and()
            .resideInAPackage("dev.rapport..")
            .should()
            .resideInAnyPackage(
                    "dev.rapport.ingest..",
                    "dev.rapport.conversation..",
                    "dev.rapport.stats..",
                    "dev.rapport.alert..",
                    "dev.rapport.policy..");

    /**
     * Kafka Streams internals only behind the fence, where CI tests them against the newest Kafka
     * release. The one exception is the clients' {@code RecordHeaders}: the only implementation of the
     * public {@code Headers}, with no public factory, used to build control-record headers.
     */
    @ArchTest
    static final ArchRule kafkaInternalsOnlyBehindTheFence = noClasses()
            .that()
            .resideOutsideOfPackages("dev.rapport.streamsinternals..", "dev.rapport.embedded..")
            .and(not(belongToAnyOf(ControlRecords.class)))
            .should()
            .dependOnClassesThat(resideInAPackage("org.apache.kafka..internals.."));

    @ArchTest
    static final ArchRule controlRecordsUseOnlyRecordHeadersOfTheInternals = noClasses()
            .that(belongToAnyOf(ControlRecords.class))
            .should()
            .dependOnClassesThat(resideInAPackage("org.apache.kafka..internals..")
                    .and(not(JavaClass.Predicates.simpleName("RecordHeaders"))));

    /**
     * The production classes of every module: not this module's tests, and not the other modules'
     * test harnesses, which come in as {@code -tests.jar} files (or test-classes directories).
     */
    static final class ProductionClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }

    private static String[] concat(String[] a, String[] b, String[] c, String... more) {
        String[] all = new String[a.length + b.length + c.length + more.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        System.arraycopy(more, 0, all, a.length + b.length + c.length, more.length);
        return all;
    }
}
