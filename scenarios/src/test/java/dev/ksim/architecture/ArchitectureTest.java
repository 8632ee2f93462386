package dev.ksim.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
   * No package depends on itself through others, at any depth (every package a slice): {@code
   * dev.ksim.proxy} may not reach back into {@code dev.ksim.proxy.iptables}, nor netfilter's facade
   * into the tables that use its vocabulary (CONVENTIONS.md B1, B7). Every module's classes are
   * here, so this one rule covers them all.
   *
   * <p>One pair is let be: the IPVS service holds its scheduler and the schedulers pick among the
   * service's real servers, as {@code ip_vs_service} and {@code ip_vs_scheduler} do in the kernel;
   * splitting {@code RealServer} off into a package of its own would open its connection counting
   * to every caller.
   */
  @Test
  void packagesHaveNoCyclesAtAnyDepth() {
    slices()
        .matching("dev.ksim.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            resideInAPackage("dev.ksim.ipvs.scheduler"), resideInAPackage("dev.ksim.ipvs"))
        .check(classes);
  }

  @Test
  void controllersDoNotDependOnEachOtherExceptThroughTheirSharedUtilities() {
    slices().matching("dev.ksim.controller.(*)..").should().beFreeOfCycles().check(classes);
  }
}
