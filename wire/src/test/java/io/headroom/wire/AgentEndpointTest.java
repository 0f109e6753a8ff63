package io.headroom.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentEndpointTest {

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertThat(AgentEndpoint.parse("gpu-node-17:50051")).isEqualTo(new AgentEndpoint("gpu-node-17", 50051));
        assertThat(AgentEndpoint.parse(" [::1]:7000 ")).isEqualTo(new AgentEndpoint("::1", 7000));
        assertThat(new AgentEndpoint("::1", 7000).target()).isEqualTo("[::1]:7000");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> AgentEndpoint.parse("gpu-node-17"))
                .hasMessage("'gpu-node-17' is not an agent address: expected host:port, e.g. gpu-node-17:50051");
        assertThatThrownBy(() -> AgentEndpoint.parse("gpu-node-17:http"))
                .hasMessageContaining("port 'http' is not a number");
        assertThatThrownBy(() -> AgentEndpoint.parse("gpu-node-17:99999"))
                .hasMessageContaining("port 99999 is outside 1-65535");
    }
}
