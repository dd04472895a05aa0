package dev.berth.oci;

import dev.berth.model.BerthException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what is read through it, counts the bytes, and refuses to read past the expected size.
 * After the last byte, {@link #verify()} checks size and digest.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final String expectedDigest;
    private final long expectedSize;
    private final MessageDigest md;
    private final String algorithm;
    private long count;

    /**
     * @param expectedDigest the digest the content must have
     * @param expectedSize   the size it must have, or -1 if unknown (then no bound)
     */
    public DigestingInputStream(InputStream in, String expectedDigest, long expectedSize) {
        super(in);
        this.expectedDigest = Digests.requireValid(expectedDigest);
        this.expectedSize = expectedSize;
        this.algorithm = Digests.algorithm(expectedDigest);
        this.md = Digests.messageDigest(algorithm);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = super.read(b, off, len);
        if (n > 0) {
            if (expectedSize >= 0 && count + n > expectedSize) {
                throw new BerthException.Registry("content " + expectedDigest + " is larger than the "
                        + expectedSize + " bytes declared");
            }
            md.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes unhashed: read them instead
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** The digest of the bytes read so far (the stream's hash is not disturbed). */
    public String digest() {
        try {
            return Digests.format(algorithm, ((MessageDigest) md.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new BerthException.Internal("digest state cannot be copied", e);
        }
    }

    /**
     * Checks size and digest of everything read.
     *
     * @throws BerthException.Registry on a short read or a digest mismatch
     */
    public void verify() {
        if (expectedSize >= 0 && count != expectedSize) {
            throw new BerthException.Registry("content " + expectedDigest + " ended after " + count
                    + " of " + expectedSize + " bytes");
        }
        String actual = digest();
        if (!actual.equals(expectedDigest)) {
            throw new BerthException.Registry("content " + expectedDigest
                    + " does not match its digest: the registry sent content with digest " + actual);
        }
    }
}
