package dev.fetch.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetch.download.RunControl.Transfers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
