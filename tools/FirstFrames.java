import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What an operator sees in the first seconds of a console's start: covers the screen of the
 * current DISPLAY (an X server with no window manager, such as Xvfb) with a magenta backdrop,
 * starts a launcher, and captures the whole screen every few milliseconds until it quits. A
 * window on screen before it is painted shows as a black (or blank white) rectangle on the
 * magenta; any frame with more than {@value #UNPAINTED} of the screen black, or of it white,
 * where that colour is also more than {@value #FLAT} of the window (a flat, unpainted window:
 * the light theme's white tiles are most of a painted page, never all of it), fails the check. Saves the first frame that shows the window (cropped to it) as
 * first-frame.png. Run by {@code tools/first-frames-check}.
 *
 * <pre>java tools/FirstFrames.java OUT_DIR SECONDS LAUNCHER [ARGS...]</pre>
 */
public final class FirstFrames {

    /** Share of the screen: an unpainted 1600 x 900 window on 1920 x 1080 is 0.69 of it. */
    static final double UNPAINTED = 0.10;
    /** Share of the screen that is not the backdrop: the window is on screen. */
    static final double WINDOW_SHOWN = 0.20;
    /** No theme paints with it, nor does an unpainted window. */
    static final int BACKDROP = 0xff00ff;

    /**
     * Of the window (what is not the backdrop): an unpainted window is one flat colour, all of
     * it; a painted page of the light theme can be mostly white surfaces, never all.
     */
    static final double FLAT = 0.95;

    private record Frame(long atMillis, double black, double white, double window) {
        boolean unpainted() {
            return window > 0
                    && (black > UNPAINTED && black / window > FLAT || white > UNPAINTED && white / window > FLAT);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java tools/FirstFrames.java OUT_DIR SECONDS LAUNCHER [ARGS...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        Files.createDirectories(out);
        var robot = new Robot();
        var screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        // Mapped first, so below every window the console opens (no window manager restacks them).
        var backdrop = new java.awt.Frame();
        backdrop.setUndecorated(true);
        backdrop.setBackground(new java.awt.Color(BACKDROP));
        backdrop.setBounds(screen);
        backdrop.setFocusableWindowState(false);
        backdrop.setVisible(true);
        robot.waitForIdle();
        Thread.sleep(300);

        long started = System.nanoTime();
        Process console = new ProcessBuilder(Arrays.asList(args).subList(2, args.length))
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("console.log").toFile())
                .start();
        List<Frame> frames = new ArrayList<>();
        BufferedImage firstWindow = null;
        BufferedImage blackest = null;
        Frame worst = null;
        long deadline = started + seconds * 1_000_000_000L;
        while (console.isAlive() && System.nanoTime() < deadline) {
            BufferedImage image = robot.createScreenCapture(screen);
            long at = (System.nanoTime() - started) / 1_000_000;
            Frame frame = measure(image, at);
            frames.add(frame);
            if (firstWindow == null && frame.window() > WINDOW_SHOWN) {
                firstWindow = cropToWindow(image);
                ImageIO.write(firstWindow, "png", out.resolve("first-frame.png").toFile());
            }
            if (worst == null
                    || frame.unpainted() && !worst.unpainted()
                    || frame.unpainted() == worst.unpainted()
                            && Math.max(frame.black(), frame.white()) > Math.max(worst.black(), worst.white())) {
                worst = frame;
                blackest = image;
            }
        }
        if (console.isAlive()) {
            console.destroy();
        }
        console.waitFor();
        backdrop.dispose();

        var report = new StringBuilder("frame,ms after launch,black share,white share,window share\n");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            report.append(String.format(
                    "%d,%d,%.4f,%.4f,%.4f%n", i, f.atMillis(), f.black(), f.white(), f.window()));
        }
        Files.writeString(out.resolve("frames.csv"), report);
        Frame shown = frames.stream().filter(f -> f.window() > WINDOW_SHOWN).findFirst().orElse(null);
        int at = shown == null ? -1 : frames.indexOf(shown);
        long before = at > 0 ? frames.get(at - 1).atMillis() : 0;
        long unpainted = frames.stream().filter(Frame::unpainted).count();
        System.out.printf(
                "%d frames captured, window on screen from %s, unpainted frames %d"
                        + " (at worst %.1f %% of the screen black, %.1f %% white, at %s ms)%n",
                frames.size(),
                shown == null ? "never" : shown.atMillis() + " ms",
                unpainted,
                worst == null ? 0 : worst.black() * 100,
                worst == null ? 0 : worst.white() * 100,
                worst == null ? "-" : worst.atMillis());
        if (shown == null) {
            System.out.println("FAIL: the window never appeared; see " + out.resolve("console.log"));
            System.exit(1);
        }
        // A black window shorter than the captures' spacing where the window appeared could pass unseen.
        System.out.printf(
                "the window appeared between captures %d ms apart (%d and %d ms after launch)%s%n",
                shown.atMillis() - before,
                before,
                shown.atMillis(),
                shown.atMillis() - before > 250 ? ": too far apart to rule out a shorter black window (a busy machine?)" : "");
        if (blackest != null) {
            // The frame with the most black or white, painted or not: to look at what the check weighed.
            ImageIO.write(blackest, "png", out.resolve("worst-frame.png").toFile());
        }
        if (unpainted > 0) {
            ImageIO.write(blackest, "png", out.resolve("unpainted-frame.png").toFile());
            System.out.println("FAIL: an unpainted window was on screen; see " + out.resolve("unpainted-frame.png"));
            System.exit(1);
        }
        System.out.println("OK: no black or blank frame; the first frame with the window is " + out.resolve("first-frame.png"));
    }

    /**
     * Black: all three channels at most 2 of 255 (no theme paints its background that dark but high
     * contrast); white: all at least 253 (the colour an X window gets before JavaFX paints it).
     */
    private static Frame measure(BufferedImage image, long at) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        long black = 0;
        long white = 0;
        long window = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int rgb : row) {
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r <= 2 && g <= 2 && b <= 2) {
                    black++;
                }
                if (r >= 253 && g >= 253 && b >= 253) {
                    white++;
                }
                if ((rgb & 0xffffff) != BACKDROP) {
                    window++;
                }
            }
        }
        double all = (double) w * h;
        return new Frame(at, black / all, white / all, window / all);
    }

    private static BufferedImage cropToWindow(BufferedImage image) {
        int minX = image.getWidth();
        int minY = image.getHeight();
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != BACKDROP) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return image.getSubimage(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private FirstFrames() {}

}
