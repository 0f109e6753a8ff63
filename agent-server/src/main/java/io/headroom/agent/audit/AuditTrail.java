package io.headroom.agent.audit;

import java.io.IOException;

/** Where an agent writes down the Execute calls it answered. */
public interface AuditTrail extends AutoCloseable {

    /** Keeps no record (the embedded simulator, tests); the agent's log still says what it did. */
    AuditTrail NONE = new AuditTrail() {
        @Override
        public void append(ExecuteRecord record) {
        }

        @Override
        public void close() {
        }
    };

    /** Writes one record durably before returning. */
    void append(ExecuteRecord record) throws IOException;

    @Override
    void close();
}
