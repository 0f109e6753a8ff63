package io.headroom.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The rules fail on code that breaks them (fixtures in this module's tests) and pass on code that does not. */
class HeadroomArchitectureTest {

    private static JavaClasses classes(String... packages) {
        return new ClassFileImporter().importPackages(packages);
    }

    @Test
    void aPageReadingTheStoreBreaksTheLayers() {
        assertThatThrownBy(() -> HeadroomArchitecture.layers.check(
                        classes("io.headroom.views.archfixture", "io.headroom.store.archfixture")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PageReadingTheStore");
    }

    @Test
    void twoPackagesLeaningOnEachOtherAreACycle() {
        assertThatThrownBy(() -> HeadroomArchitecture.noPackageCycles.check(
                        classes("io.headroom.core.archa", "io.headroom.core.archb")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("core.archa");
    }

    @Test
    void aViewOpeningADatabaseIsRefused() {
        assertThatThrownBy(
                        () -> HeadroomArchitecture.viewsFreeOfStorage.check(classes("io.headroom.views.archfixture")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.sql.Connection");
    }

    @Test
    void cleanCodePassesEveryRule() {
        JavaClasses clean = classes("io.headroom.themes.archfixture", "io.headroom.store.archfixture");
        assertThatCode(() -> {
                    HeadroomArchitecture.layers.check(clean);
                    HeadroomArchitecture.noPackageCycles.check(clean);
                    HeadroomArchitecture.noJavaFxBelowTheViews.check(clean);
                    HeadroomArchitecture.viewsAndStoreFreeOfTransport.check(clean);
                    HeadroomArchitecture.viewsFreeOfStorage.check(clean);
                })
                .doesNotThrowAnyException();
    }
}
