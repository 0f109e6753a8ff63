package io.headroom.agent.operations.kubernetes.podresources;

/** The kubelet could not say which pod holds which device; the message says why, in one line. */
public final class PodResourcesUnavailable extends Exception {

    public PodResourcesUnavailable(String message) {
        super(message, null, false, false);
    }
}
