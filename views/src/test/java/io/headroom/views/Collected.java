package io.headroom.views;

import java.lang.ref.WeakReference;
import org.testfx.util.WaitForAsyncUtils;

/** Whether a view removed from the scene can be garbage-collected: nothing (a listener, a timer) still holds it. */
public final class Collected {
    private Collected() {}

    /** Runs the FX queue and the collector a bounded number of times; true once the object is gone. */
    public static boolean afterGc(WeakReference<?> reference) {
        for (int attempt = 0; attempt < 20 && reference.get() != null; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            System.gc();
        }
        return reference.get() == null;
    }
}
