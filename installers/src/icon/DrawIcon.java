import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Headroom's icon: a dark tile with a 4x4 grid of GPU cells in the console's own state
 * colours (Okabe-Ito blue busy, orange held idle, green free idle). Run it once and commit the
 * output; the build only copies the files:
 *
 * <pre>java -Djava.awt.headless=true installers/src/icon/DrawIcon.java installers/src/icon</pre>
 *
 * Writes headroom.png (Linux), headroom.ico (Windows) and headroom.icns (macOS). Both of the
 * latter may hold a PNG as it is: ICO since Windows Vista, ICNS as its 256x256 'ic08' entry.
 * headroom-wall.png is the wall launcher's menu icon: the same cells on a wide screen with a
 * stand, so the two menu entries tell themselves apart.
 */
public class DrawIcon {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        byte[] png = png(draw(256));
        Files.write(dir.resolve("headroom.png"), png);
        Files.write(dir.resolve("headroom.ico"), ico(png));
        Files.write(dir.resolve("headroom.icns"), icns(png));
        Files.write(dir.resolve("headroom-wall.png"), png(drawWall(256)));
    }

    static BufferedImage drawWall(int size) {
        var image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(size / 256.0, size / 256.0);
        g.setColor(new Color(0x1B1F24));
        g.fill(new RoundRectangle2D.Double(4, 40, 248, 150, 24, 24));
        g.fill(new RoundRectangle2D.Double(108, 186, 40, 34, 6, 6));
        g.fill(new RoundRectangle2D.Double(68, 214, 120, 16, 8, 8));
        Color busy = new Color(0x0072B2), held = new Color(0xE69F00), free = new Color(0x009E73);
        String[] rows = {"BBBFBB", "BHBBFB", "HBBBBH"};
        int cell = 32, gap = 8, left = 128 - (6 * cell + 5 * gap) / 2, top = 115 - (3 * cell + 2 * gap) / 2;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 6; c++) {
                char state = rows[r].charAt(c);
                g.setColor(state == 'B' ? busy : state == 'H' ? held : free);
                g.fill(new RoundRectangle2D.Double(left + c * (cell + gap), top + r * (cell + gap), cell, cell, 6, 6));
            }
        }
        g.dispose();
        return image;
    }

    static BufferedImage draw(int size) {
        var image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(size / 256.0, size / 256.0);
        g.setColor(new Color(0x1B1F24));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 48, 48));
        Color busy = new Color(0x0072B2), held = new Color(0xE69F00), free = new Color(0x009E73);
        String[] rows = {"BBBF", "BHBB", "BBFF", "HBBB"};
        int cell = 44, gap = 10, origin = 128 - (4 * cell + 3 * gap) / 2;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                char state = rows[r].charAt(c);
                g.setColor(state == 'B' ? busy : state == 'H' ? held : free);
                g.fill(new RoundRectangle2D.Double(origin + c * (cell + gap), origin + r * (cell + gap), cell, cell, 8, 8));
            }
        }
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws Exception {
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** ICONDIR + one ICONDIRENTRY (little-endian; width and height 0 mean 256) + the PNG. */
    static byte[] ico(byte[] png) {
        var b = java.nio.ByteBuffer.allocate(6 + 16 + png.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putShort((short) 1).putShort((short) 32).putInt(png.length).putInt(6 + 16);
        b.put(png);
        return b.array();
    }

    /** 'icns' + total length, then one 'ic08' (256x256) element holding the PNG (big-endian). */
    static byte[] icns(byte[] png) throws Exception {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeBytes("icns");
        out.writeInt(8 + 8 + png.length);
        out.writeBytes("ic08");
        out.writeInt(8 + png.length);
        out.write(png);
        return bytes.toByteArray();
    }
}
