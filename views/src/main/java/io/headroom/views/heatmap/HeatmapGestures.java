package io.headroom.views.heatmap;

import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * What the mouse and keys do on the heatmap's canvas: wheel zooms around the pointer, a drag
 * pans, a shift-drag draws a rectangle whose servers are picked, a Ctrl/Cmd-click picks a
 * whole rack, a plain click opens the server; + - 0 zoom, arrows pan, Esc drops the pick.
 * Handlers are on the canvas itself, so they go with it.
 */
final class HeatmapGestures {

    /** Movement below this (pixels) is a click, not a drag. */
    private static final double SLOP = 3;

    private final FleetHeatmap heatmap;
    private final Canvas canvas;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;
    private boolean lassoing;

    HeatmapGestures(FleetHeatmap heatmap, Canvas canvas) {
        this.heatmap = heatmap;
        this.canvas = canvas;
    }

    void install() {
        canvas.setOnMouseMoved(e -> heatmap.hoverAt(e.getX(), e.getY()));
        canvas.setOnMouseExited(e -> heatmap.hoverAt(-1, -1));
        canvas.setOnScroll(this::scrolled);
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        canvas.setOnMouseReleased(this::released);
        canvas.setOnMouseClicked(this::clicked);
        canvas.setOnKeyPressed(this::key);
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() != 0) {
            heatmap.zoomAt(e.getX(), e.getY(), e.getDeltaY() > 0 ? 1 : -1);
            e.consume();
        }
    }

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        dragged = false;
        lassoing = e.isShiftDown() && e.getButton() == MouseButton.PRIMARY && heatmap.picking();
    }

    private void dragged(MouseEvent e) {
        if (!dragged && Math.hypot(e.getX() - pressX, e.getY() - pressY) < SLOP) {
            return;
        }
        dragged = true;
        if (lassoing) {
            heatmap.showLasso(pressX, pressY, e.getX(), e.getY());
        } else {
            heatmap.panBy(e.getX() - lastX, e.getY() - lastY);
        }
        lastX = e.getX();
        lastY = e.getY();
    }

    private void released(MouseEvent e) {
        if (lassoing && dragged) {
            heatmap.hideLasso();
            heatmap.pickWithin(pressX, pressY, e.getX(), e.getY());
        }
        lassoing = false;
    }

    private void clicked(MouseEvent e) {
        if (dragged || e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        if (e.isShortcutDown()) {
            heatmap.toggleRackAt(e.getX(), e.getY());
        } else if (!e.isShiftDown()) {
            heatmap.openAt(e.getX(), e.getY());
        }
    }

    private void key(KeyEvent e) {
        double stepX = canvas.getWidth() / 5;
        double stepY = canvas.getHeight() / 5;
        switch (e.getCode()) {
            case PLUS, ADD, EQUALS -> heatmap.zoomAt(heatmap.centreX(), heatmap.centreY(), 1);
            case MINUS, SUBTRACT -> heatmap.zoomAt(heatmap.centreX(), heatmap.centreY(), -1);
            case DIGIT0, NUMPAD0 -> heatmap.showWholeFleet();
            case LEFT -> heatmap.panBy(stepX, 0);
            case RIGHT -> heatmap.panBy(-stepX, 0);
            case UP -> heatmap.panBy(0, stepY);
            case DOWN -> heatmap.panBy(0, -stepY);
            case ESCAPE -> heatmap.clearSelection();
            default -> {
                return;
            }
        }
        e.consume();
    }
}
