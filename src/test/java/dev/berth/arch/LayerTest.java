package dev.berth.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direction of the layers in design.md: each layer uses the ones below it, never above; nothing
 * below the UI knows JavaFX; the UI knows no gRPC, protobuf or containerd API types.
 */
class LayerTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.berth", "containerd", "io.containerd");
        System.out.println("LayerTest: checking " + classes.size() + " classes");
    }

    @Test
    void layersPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("app").definedBy("dev.berth.app..", "dev.berth.cli..")
                .layer("ui").definedBy("dev.berth.ui..")
                .layer("service").definedBy("dev.berth.service..")
                .layer("pull").definedBy("dev.berth.pull..")
                .layer("registry").definedBy("dev.berth.registry..")
                .layer("spec").definedBy("dev.berth.spec..")
                .layer("cni").definedBy("dev.berth.cni..")
                .layer("containerd").definedBy("dev.berth.containerd..")
                .layer("api").definedBy("containerd..", "io.containerd..")
                .layer("oci").definedBy("dev.berth.oci..")
                .layer("model").definedBy("dev.berth.model..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("service").mayOnlyBeAccessedByLayers("app", "ui")
                .whereLayer("pull").mayOnlyBeAccessedByLayers("service", "app")
                .whereLayer("spec").mayOnlyBeAccessedByLayers("service", "app")
                .whereLayer("cni").mayOnlyBeAccessedByLayers("service", "app")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("pull", "service", "app")
                .whereLayer("containerd").mayOnlyBeAccessedByLayers("pull", "service", "app")
                .whereLayer("api").mayOnlyBeAccessedByLayers("containerd", "pull", "service")
                .whereLayer("oci").mayOnlyBeAccessedByLayers("registry", "pull", "spec", "service", "containerd", "app", "ui")
                .check(classes);
    }

    @Test
    void nothingBelowTheUiUsesJavaFx() {
        noClasses().that().resideOutsideOfPackages("dev.berth.ui..", "dev.berth.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.controlsfx..",
                        "org.kordamp..")
                .because("everything below the UI runs in a plain JVM (tests, command line)")
                .check(classes);
    }

    @Test
    void theUiKnowsNoGrpcOrProtobuf() {
        noClasses().that().resideInAPackage("dev.berth.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..",
                        "containerd..", "io.containerd..", "dev.berth.containerd..", "io.netty..")
                .because("view models see the service's own records, never protobuf types")
                .check(classes);
    }

    @Test
    void theCommandLineGoesThroughTheService() {
        noClasses().that().resideInAPackage("dev.berth.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..",
                        "containerd..", "io.containerd..")
                .check(classes);
    }
}
