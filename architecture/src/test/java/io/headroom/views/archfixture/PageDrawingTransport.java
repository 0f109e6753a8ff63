package io.headroom.views.archfixture;

/** A fixture: a page that opens a database connection, which the views may not. */
public final class PageDrawingTransport {
    public java.sql.Connection connection() {
        return null;
    }
}
