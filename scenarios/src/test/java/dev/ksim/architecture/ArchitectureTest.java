package dev.ksim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md and CONVENTIONS.md (B1, B7), checked over every module's
 * classes (this module sees them all).
 */
class ArchitectureTest {
  private static final String[] MODEL_PACKAGES = {
    "dev.ksim.net..",
    "dev.ksim.input..",
    "dev.ksim.netfilter..",
    "dev.ksim.ipvs..",
    "dev.ksim.dns.."
  };

  private static final String[] SIMULATOR_AND_COMMAND_LINE_PACKAGES = {
    "dev.ksim.api",
    "dev.ksim.apiserver",
    "dev.ksim.cluster",
    "dev.ksim.cni",
    "dev.ksim.config",
    "dev.ksim.controller",
    "dev.ksim.coredns",
    "dev.ksim.datapath",
    "dev.ksim.kubelet",
    "dev.ksim.manifest",
    "dev.ksim.node",
    "dev.ksim.proxy",
    "dev.ksim.resolver",
    "dev.ksim.scheduler",
    "dev.ksim.sim",
    "dev.ksim.trace",
    "dev.ksim.cli",
    "dev.ksim.classroom",
    "dev.ksim.scenario",
    "dev.ksim.view"
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.ksim");
  }

  @Test
  void modelsKnowNothingOfKubernetesOrTheSimulator() {
    noClasses()
        .that()
        .resideInAnyPackage(MODEL_PACKAGES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "dev.ksim.sim..",
            "dev.ksim.apiserver..",
            "dev.ksim.cluster..",
            "dev.ksim.controller..",
            "dev.ksim.proxy..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheDnsWireAdapterImportsDnsjava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ksim.dns.wire..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.xbill..")
        .check(classes);
  }

  @Test
  void theSimulatorDoesNotDependOnItsCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.ksim.cli..",
            "dev.ksim.classroom..",
            "dev.ksim.view..",
            "dev.ksim.scenario..",
            "dev.ksim.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ksim.cli..", "dev.ksim.view..", "dev.ksim.scenario..", "picocli..")
        .check(classes);
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("dev.ksim.(*)..").should().beFreeOfCycles().check(classes);
  }

  /**
   * The simulator's and the command line's packages have no cycles at any depth (every package a
   * slice). netfilter-model's packages are left out: their cycle is issue 11's other half.
   */
  @Test
  void simulatorAndCommandLinePackagesHaveNoCyclesAtAnyDepth() {
    JavaClasses ours =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(SIMULATOR_AND_COMMAND_LINE_PACKAGES);

    slices().matching("dev.ksim.(**)").should().beFreeOfCycles().check(ours);
  }

  @Test
  void controllersDoNotDependOnEachOtherExceptThroughTheirSharedUtilities() {
    slices().matching("dev.ksim.controller.(*)..").should().beFreeOfCycles().check(classes);
  }
}
