package io.headroom.views.live;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;
import javafx.util.Subscription;

/**
 * Binds a view to the feed while it is in a showing window and unbinds it when it leaves
 * (Bisq's activate/deactivate). The only listeners it leaves outside the view are on the
 * view's scene and window, and cancelling the returned subscription removes them and the
 * feed subscription, so a disposed view can be collected.
 */
public final class WhileShown {

    private WhileShown() {}

    public static Subscription feed(Node view, FleetFeed feed, Consumer<FleetFrame> sink) {
        return run(view, () -> feed.subscribe(sink));
    }

    /** Runs {@code start} each time the view starts showing; its subscription is cancelled when it stops. */
    public static Subscription run(Node view, Supplier<Subscription> start) {
        Subscription[] active = {Subscription.EMPTY};
        Subscription showing = view.sceneProperty()
                .flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty)
                .orElse(false)
                .subscribe(shown -> {
                    active[0].unsubscribe();
                    active[0] = shown ? start.get() : Subscription.EMPTY;
                });
        return () -> {
            showing.unsubscribe();
            active[0].unsubscribe();
            active[0] = Subscription.EMPTY;
        };
    }
}
