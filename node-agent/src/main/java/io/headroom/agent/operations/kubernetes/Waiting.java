package io.headroom.agent.operations.kubernetes;

/** The clock and the pause between retries, apart so tests can run a minute of retries at once. */
interface Waiting {

    long millis();

    void sleep(long millis) throws InterruptedException;

    Waiting REAL = new Waiting() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };
}
