import java.io.*;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.atomic.AtomicReference;

/** Runs each corpus line in-process through KsimCommand.execute and classifies the outcome. */
public class Harness {
  public static void main(String[] a) throws Exception {
    Method execute = Class.forName("dev.ksim.cli.KsimCommand").getMethod("execute", String[].class);
    List<String> lines = Files.readAllLines(Path.of(a[0]));
    long timeout = Long.parseLong(a[1]) * 1000;
    PrintStream realOut = System.out, realErr = System.err;
    PrintStream report = new PrintStream(new FileOutputStream(a[2]), true, StandardCharsets.UTF_8);
    System.setIn(new ByteArrayInputStream(new byte[0]));
    int i = 0;
    for (String line : lines) {
      i++;
      String[] parts = line.split("\t", 3);
      String[] args = parts[2].split("\u001f");
      ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
      AtomicReference<Object> result = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try { result.set(execute.invoke(null, (Object) args)); }
        catch (java.lang.reflect.InvocationTargetException e) { result.set(e.getCause()); }
        catch (Throwable e) { result.set(e); }
      });
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      long start = System.nanoTime();
      t.start();
      t.join(timeout);
      long ms = (System.nanoTime() - start) / 1_000_000;
      String outcome;
      if (t.isAlive()) {
        t.stop();
        t.join(5000);
        outcome = "HANG";
      } else {
        Object r = result.get();
        String e = err.toString(StandardCharsets.UTF_8);
        if (r instanceof OutOfMemoryError) outcome = "BLOWUP";
        else if (r instanceof Throwable) outcome = "CRASH(" + r.getClass().getSimpleName() + ")";
        else {
          int code = (Integer) r;
          if (code == 70 || (code == 1 && e.contains("\tat "))) outcome = "CRASH(exit " + code + ")";
          else outcome = "exit " + code;
        }
      }
      System.setOut(realOut); System.setErr(realErr);
      String expect = parts[1];
      String verdict;
      if (outcome.startsWith("CRASH") || outcome.equals("HANG") || outcome.equals("BLOWUP")) verdict = outcome.split("\\(")[0];
      else {
        int code = Integer.parseInt(outcome.substring(5));
        if (expect.equals("refuse")) verdict = code == 2 ? "ok" : code == 0 ? "WRONG-ACCEPT" : "other";
        else if (expect.equals("accept")) verdict = code == 0 ? "ok" : code == 2 ? "WRONG-REFUSE" : "other";
        else verdict = code == Integer.parseInt(expect.substring(5)) ? "ok" : "other";
      }
      String firstErr = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
      if (firstErr.length() > 160) firstErr = firstErr.substring(0, 160);
      report.println(i + "\t" + parts[0] + "\t" + expect + "\t" + outcome + "\t" + verdict + "\t" + ms + "ms\t" + firstErr);
      Runtime.getRuntime().gc();
    }
    System.exit(0);
  }
}
