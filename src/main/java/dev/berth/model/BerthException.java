package dev.berth.model;

/**
 * The one family of errors Berth's layers throw. Each subclass is a kind of failure a person can
 * act on; the message says what happened and, where it can, what to do. The technical cause (a
 * gRPC status, an I/O error) stays attached for the log and the details pane.
 */
public class BerthException extends RuntimeException {

    /** The small set of failure kinds; the UI and the command line decide on these, not on classes. */
    public enum Kind {
        NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, UNAVAILABLE, INVALID_ARGUMENT,
        PERMISSION_DENIED, CANCELLED, TIMEOUT, REGISTRY, INTERNAL
    }

    private final Kind kind;

    public BerthException(Kind kind, String message) {
        this(kind, message, null);
    }

    public BerthException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static final class NotFound extends BerthException {
        public NotFound(String message) { this(message, null); }
        public NotFound(String message, Throwable cause) { super(Kind.NOT_FOUND, message, cause); }
    }

    public static final class AlreadyExists extends BerthException {
        public AlreadyExists(String message) { this(message, null); }
        public AlreadyExists(String message, Throwable cause) { super(Kind.ALREADY_EXISTS, message, cause); }
    }

    public static final class FailedPrecondition extends BerthException {
        public FailedPrecondition(String message) { this(message, null); }
        public FailedPrecondition(String message, Throwable cause) { super(Kind.FAILED_PRECONDITION, message, cause); }
    }

    /** containerd (or a registry) cannot be reached: socket missing, daemon stopped, connection lost. */
    public static final class Unavailable extends BerthException {
        public Unavailable(String message) { this(message, null); }
        public Unavailable(String message, Throwable cause) { super(Kind.UNAVAILABLE, message, cause); }
    }

    /** Bad input; thrown before anything is sent whenever Berth can tell. */
    public static final class InvalidArgument extends BerthException {
        public InvalidArgument(String message) { this(message, null); }
        public InvalidArgument(String message, Throwable cause) { super(Kind.INVALID_ARGUMENT, message, cause); }
    }

    public static final class PermissionDenied extends BerthException {
        public PermissionDenied(String message) { this(message, null); }
        public PermissionDenied(String message, Throwable cause) { super(Kind.PERMISSION_DENIED, message, cause); }
    }

    public static final class Cancelled extends BerthException {
        public Cancelled(String message) { this(message, null); }
        public Cancelled(String message, Throwable cause) { super(Kind.CANCELLED, message, cause); }
    }

    public static final class Timeout extends BerthException {
        public Timeout(String message) { this(message, null); }
        public Timeout(String message, Throwable cause) { super(Kind.TIMEOUT, message, cause); }
    }

    /** A registry answered with an error, or with content that is not what it claims to be. */
    public static final class Registry extends BerthException {
        public Registry(String message) { this(message, null); }
        public Registry(String message, Throwable cause) { super(Kind.REGISTRY, message, cause); }
    }

    public static final class Internal extends BerthException {
        public Internal(String message) { this(message, null); }
        public Internal(String message, Throwable cause) { super(Kind.INTERNAL, message, cause); }
    }
}
