package dev.fetch.download;

import java.util.function.BooleanSupplier;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;

/** Stops a decoder as soon as the run is cancelled: readers call this as they go. */
final class DecodeProgress implements IIOReadProgressListener {
  private final BooleanSupplier cancelled;

  DecodeProgress(BooleanSupplier cancelled) {
    this.cancelled = cancelled;
  }

  @Override
  public void imageProgress(ImageReader source, float percentageDone) {
    if (cancelled.getAsBoolean()) {
      source.abort();
    }
  }

  @Override public void sequenceStarted(ImageReader source, int minIndex) {}
  @Override public void sequenceComplete(ImageReader source) {}
  @Override public void imageStarted(ImageReader source, int imageIndex) {}
  @Override public void imageComplete(ImageReader source) {}
  @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}
  @Override public void thumbnailProgress(ImageReader source, float percentageDone) {}
  @Override public void thumbnailComplete(ImageReader source) {}
  @Override public void readAborted(ImageReader source) {}
}
