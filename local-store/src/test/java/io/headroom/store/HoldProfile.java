package io.headroom.store;

import java.nio.file.Path;

/** Child main: a console that opens a profile and keeps it until its stdin closes. */
public final class HoldProfile {

    private HoldProfile() {}

    public static void main(String[] args) throws Exception {
        try (LocalStore store = LocalStore.open(Path.of(args[0])).store()) {
            System.out.println("open " + store.storeId());
            System.out.flush();
            while (System.in.read() >= 0) {
                System.out.println("still open");
            }
        }
    }
}
