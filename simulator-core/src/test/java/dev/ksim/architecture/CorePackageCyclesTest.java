package dev.ksim.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * simulator-core's packages have no cycles at any depth: every package is a slice of its own, so
 * {@code dev.ksim.proxy} may not depend on {@code dev.ksim.proxy.iptables} when the mode depends on
 * it (CONVENTIONS.md B1, B7).
 */
class CorePackageCyclesTest {
  /** The package roots simulator-core owns. */
  static final String[] CORE_PACKAGES = {
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
    "dev.ksim.trace"
  };

  @Test
  void packagesHaveNoCyclesAtAnyDepth() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE_PACKAGES);

    slices().matching("dev.ksim.(**)").should().beFreeOfCycles().check(classes);
  }
}
