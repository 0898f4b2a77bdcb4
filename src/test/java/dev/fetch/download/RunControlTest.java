package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetch.download.RunControl.Transfers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the run control tells a progress display about the bodies being received. */
class RunControlTest {
  private final RunControl control = new RunControl();
  private final Path sized = Path.of("a.jpg.part");
  private final Path chunked = Path.of("b.jpg.part");

  @Test
  void transfersCountOnlyBodiesOfKnownLengthAndTheirBytesStillToCome() {
    assertEquals(new Transfers(0, 0), control.transfers());
    control.writing(sized, 1000);
    control.writing(chunked, -1);
    control.received(sized, 300);
    control.received(chunked, 50);
    assertEquals(new Transfers(1, 700), control.transfers());
    assertEquals(350, control.bytesReceived());

    control.doneWriting(sized);
    assertEquals(new Transfers(0, 0), control.transfers());
    assertEquals(350, control.bytesReceived(), "bytes received stay counted once a body ends");
  }

  @Test
  void aBodyWrittenAgainStartsFromItsNewLength() {
    control.writing(sized, 1000);
    control.received(sized, 400);
    control.doneWriting(sized);
    control.writing(sized, 600); // resumed from byte 400
    control.received(sized, 100);
    assertEquals(new Transfers(1, 500), control.transfers());
  }

  @Test
  void anInterruptRemovesThePartsWaitingForTheirDecodingToo(@TempDir Path dir) throws IOException {
    Path writing = Files.write(dir.resolve("w.jpg.part"), new byte[10]);
    Path waiting = Files.write(dir.resolve("v.jpg.part"), new byte[10]);
    Path decoded = Files.write(dir.resolve("d.jpg.part"), new byte[10]);
    control.writing(writing, 100);
    control.verifying(waiting);
    control.verifying(decoded);
    control.doneVerifying(decoded);
    assertEquals(new Transfers(1, 100), control.transfers(), "a body waiting for its decoding brings no bytes");
    assertEquals(0, control.removePartFiles());
    assertFalse(Files.exists(writing));
    assertFalse(Files.exists(waiting));
    assertTrue(Files.exists(decoded), "once decoded, the .part is its job's again");
  }
}
