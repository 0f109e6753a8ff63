package io.headroom.agent.history.keeper;

/** Who held an accelerator, as the workload says: empty strings when it does not. */
record Owner(String user, String account, String tenant) {}
