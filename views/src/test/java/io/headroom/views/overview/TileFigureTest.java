package io.headroom.views.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.views.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How a tile shows a reading: short at any fleet size, a dash without a unit while unknown. */
class TileFigureTest {

    private final Messages messages = new Messages(Locale.US);

    @Test
    void anUnknownReadingHasNoUnitAndNoNumber() {
        for (TileFigure.Kind kind : TileFigure.Kind.values()) {
            TileFigure figure = TileFigure.of(Double.NaN, kind, messages);
            assertThat(figure.known()).isFalse();
            assertThat(figure.unit()).as("%s", kind).isEmpty();
        }
    }

    @Test
    void largeFiguresMoveToTheLargerUnit() {
        assertThat(TileFigure.of(33_775, TileFigure.Kind.FLOPS, messages))
                .isEqualTo(new TileFigure(33.775, 1, "EFLOPS"));
        assertThat(TileFigure.of(1_448, TileFigure.Kind.FLOPS, messages)).isEqualTo(new TileFigure(1_448, 0, "PFLOPS"));
        assertThat(TileFigure.of(42_378, TileFigure.Kind.POWER, messages)).isEqualTo(new TileFigure(42.378, 1, "MW"));
        assertThat(TileFigure.of(423_780, TileFigure.Kind.POWER, messages)).isEqualTo(new TileFigure(423.78, 0, "MW"));
        assertThat(TileFigure.of(9_999, TileFigure.Kind.POWER, messages).unit()).isEqualTo("kW");
    }

    @Test
    void tenthsOnlyWhileTheyMatter() {
        assertThat(TileFigure.of(31.8, TileFigure.Kind.PERCENT, messages).decimals())
                .isEqualTo(1);
        assertThat(TileFigure.of(100, TileFigure.Kind.PERCENT, messages).decimals())
                .isZero();
        assertThat(TileFigure.of(24.3, TileFigure.Kind.CELSIUS, messages))
                .isEqualTo(new TileFigure(24.3, 1, "\u00b0C"));
        assertThat(TileFigure.of(617, TileFigure.Kind.COUNT, messages)).isEqualTo(new TileFigure(617, 0, ""));
    }
}
