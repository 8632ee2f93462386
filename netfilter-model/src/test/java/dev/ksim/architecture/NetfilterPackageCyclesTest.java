package dev.ksim.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * netfilter-model's packages have no cycles at any depth: the kernel's vocabulary (hooks, verdicts,
 * translations, the random source) sits in a leaf package that the facade, the tables, the matches,
 * the targets and nftables all use, and none of them reaches back (CONVENTIONS.md B1).
 */
class NetfilterPackageCyclesTest {
  @Test
  void packagesHaveNoCyclesAtAnyDepth() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ksim.net", "dev.ksim.netfilter", "dev.ksim.input");

    slices().matching("dev.ksim.(**)").should().beFreeOfCycles().check(classes);
  }
}
