package io.headroom.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.core.operation.OperationAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void viewersWatchTechniciansDrainAndResumeOperatorsDoEverything() {
        var drain = new OperationAction.Drain();
        var resume = new OperationAction.Resume();
        var reassign = new OperationAction.Reassign("infer", "", List.of());
        var reslice = new OperationAction.Reslice(0, List.of(new OperationAction.SliceRequest(9, 0)));
        assertThat(List.of(drain, resume, reassign, reslice)).noneMatch(Role.VIEWER::permits);
        assertThat(List.of(drain, resume)).allMatch(Role.TECHNICIAN::permits);
        assertThat(List.of(reassign, reslice)).noneMatch(Role.TECHNICIAN::permits);
        assertThat(List.of(drain, resume, reassign, reslice)).allMatch(Role.OPERATOR::permits);
    }

    @Test
    void rolesAreReadAsConfigurationFilesWriteThem() {
        assertThat(Role.parse("Technician")).contains(Role.TECHNICIAN);
        assertThat(Role.parse("admin")).isEmpty();
        assertThat(Role.OPERATOR.id()).isEqualTo("operator");
    }
}
