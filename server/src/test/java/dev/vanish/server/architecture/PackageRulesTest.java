package dev.vanish.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled server (what `jdeps -verbose:package
 * server/target/classes` shows): every package is its own slice and no two depend on each other in a cycle;
 * no domain package depends on the HTTP edge; the engine's interfaces know none of their implementations.
 */
class PackageRulesTest {

  private static final JavaClasses SERVER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.vanish.server");

  @Test
  void theServersPackagesFormNoCycle() {
    slices().matching("dev.vanish.(**)").should().beFreeOfCycles().check(SERVER);
  }

  @Test
  void noDomainPackageDependsOnTheHttpEdge() {
    noClasses().that().resideInAnyPackage("dev.vanish.server.room..", "dev.vanish.server.message..", "dev.vanish.server.file..",
            "dev.vanish.server.limits..", "dev.vanish.server.realtime..", "dev.vanish.server.engine..",
            "dev.vanish.server.metrics..", "dev.vanish.server.config..", "dev.vanish.server.error..",
            "dev.vanish.server.protocol..")
        .should().dependOnClassesThat().resideInAPackage("dev.vanish.server.http..")
        .check(SERVER);
  }

  @Test
  void theEngineInterfacesKnowNoneOfTheirImplementations() {
    noClasses().that().resideInAPackage("dev.vanish.server.engine")
        .should().dependOnClassesThat().resideInAnyPackage("dev.vanish.server.engine.memory..", "dev.vanish.server.engine.redis..")
        .check(SERVER);
  }

  @Test
  void theErrorAndProtocolVocabulariesDependOnNoOtherPackageOfTheServer() {
    classes().that().resideInAPackage("dev.vanish.server.error")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.vanish.server.error..", "java..", "org.slf4j..")
        .check(SERVER);
    noClasses().that().resideInAPackage("dev.vanish.server.protocol")
        .should().dependOnClassesThat().resideInAnyPackage("dev.vanish.server.engine..", "dev.vanish.server.realtime..",
            "dev.vanish.server.room..", "dev.vanish.server.http..", "dev.vanish.server.config..")
        .check(SERVER);
  }
}
