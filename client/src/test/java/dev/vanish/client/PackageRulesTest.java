package dev.vanish.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The client library's package rules (what `jdeps -verbose:package client/target/classes` shows): no cycle
 * between its packages, and the library knows nothing of the server's code nor of its own command line.
 */
class PackageRulesTest {

  private static final JavaClasses CLIENT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.vanish.client");

  @Test
  void theClientsPackagesFormNoCycle() {
    slices().matching("dev.vanish.(**)").should().beFreeOfCycles().check(CLIENT);
  }

  @Test
  void theLibraryUsesNeitherTheServerNorTheCommandLine() {
    noClasses().that().resideInAnyPackage("dev.vanish.client", "dev.vanish.client.crypto")
        .should().dependOnClassesThat().resideInAnyPackage("dev.vanish.server..", "dev.vanish.client.cli..")
        .check(CLIENT);
  }
}
