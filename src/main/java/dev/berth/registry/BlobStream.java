package dev.berth.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open blob download.
 *
 * @param stream the body, starting at {@code offset}. Its reads throw
 *               {@link dev.berth.model.BerthException} subclasses: Unavailable when the connection
 *               breaks, stalls longer than the read timeout or ends before the declared size;
 *               Registry when the server sends more than the declared size; Cancelled when the
 *               reading thread is interrupted. The caller verifies the digest.
 * @param offset where the stream starts in the blob: the requested offset when the registry
 *               honoured the Range (206), 0 when it sent the whole blob (200)
 * @param length bytes the stream will deliver ({@code size - offset})
 */
public record BlobStream(InputStream stream, long offset, long length) implements Closeable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
