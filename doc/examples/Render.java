// Render.java: gongwen from Java, through the command line: the 公文 text goes to
// `gongwen render - -o -` on standard input and the PDF comes back on standard output; the
// messages (file:line:col: warning: …) come on standard error. No JNI, no native library in
// the JVM.
//
//   java Render.java notice.txt notice.pdf [path/to/gongwen]
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class Render {
    /** Renders text (UTF-8 or GB18030 bytes) to PDF bytes; throws with gongwen's messages. */
    static byte[] render(String gongwen, byte[] text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(gongwen, "render", "-", "-o", "-", "-q").start();
        // errors are read while the PDF is read: neither pipe may fill up
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
        errReader.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text);
        }
        byte[] pdf = p.getInputStream().readAllBytes();
        int status = p.waitFor();
        errReader.join();
        if (status != 0)
            throw new IOException("gongwen exited with " + status + ":\n"
                                  + err.toString(StandardCharsets.UTF_8));
        return pdf;
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // the process is gone: its exit status says why
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java Render.java IN.txt OUT.pdf [gongwen]");
            System.exit(2);
        }
        String gongwen = args.length > 2 ? args[2] : "gongwen";
        byte[] pdf = render(gongwen, Files.readAllBytes(Path.of(args[0])));
        Files.write(Path.of(args[1]), pdf);
        System.out.println(args[1] + ": " + pdf.length + " bytes of PDF");
    }
}
