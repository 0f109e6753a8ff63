package io.headroom.views.showback;

import io.headroom.core.showback.Showback;
import io.headroom.views.Messages;
import java.io.IOException;
import java.nio.file.Path;

/** Writes the one-page PDF report of a showback; the console's is PDFBox's, in the app. Never on the FX thread. */
@FunctionalInterface
public interface ShowbackPdf {

    ShowbackPdf NONE = (showback, messages, file) -> {
        throw new IOException("this console was built without PDF reports");
    };

    void write(Showback showback, Messages messages, Path file) throws IOException;
}
