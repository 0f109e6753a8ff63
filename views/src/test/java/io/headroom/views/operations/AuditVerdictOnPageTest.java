package io.headroom.views.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.audit.ChainVerdict;
import io.headroom.views.Messages;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The operations page says whether the audit trail verifies, and where it breaks when it does not. */
@ExtendWith(ApplicationExtension.class)
class AuditVerdictOnPageTest {

    private final RoleDesk desk = new RoleDesk(Map.of());
    private OperationsView view;

    @Start
    void start(Stage stage) {
        view = new OperationsView(new Messages(Locale.US), desk);
        stage.setScene(new javafx.scene.Scene(view, 900, 500));
        stage.show();
    }

    private String verdictAfterCheck() throws Exception {
        WaitForAsyncUtils.asyncFx(view::verifyAudit).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(view::auditVerdictText).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anIntactTrailAndABrokenOneReadDifferently() throws Exception {
        desk.verdict = new ChainVerdict.Intact(12, "ab".repeat(32));
        assertThat(verdictAfterCheck()).isEqualTo("Audit trail verifies (12 entries)");
        desk.verdict = new ChainVerdict.Broken(3, "it is missing (record 2 is followed by record 4)");
        assertThat(verdictAfterCheck())
                .isEqualTo("Audit trail broken at entry 3: it is missing (record 2 is followed by record 4)");
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.lookup("#audit-verdict").getPseudoClassStates().stream()
                                .anyMatch(p -> p.getPseudoClassName().equals("broken")))
                        .get(10, TimeUnit.SECONDS))
                .isTrue();
    }
}
