package dev.berth.containerd;

import dev.berth.model.BerthException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one place where gRPC failures become Berth's typed exceptions, with messages a person can act on.
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /**
     * Maps a failed call. {@code what} names the operation and object for the message, e.g.
     * {@code "get container web"}; {@code address} is the socket, for connection problems.
     */
    public static BerthException map(Throwable error, String what, String address) {
        if (error instanceof BerthException) {
            return (BerthException) error;
        }
        Status status = Status.fromThrowable(error);
        String detail = status.getDescription() == null ? "" : status.getDescription();
        String text = what + ": " + (detail.isEmpty() ? status.getCode().name().toLowerCase() : detail);
        switch (status.getCode()) {
            case NOT_FOUND:
                return new BerthException.NotFound(text, error);
            case ALREADY_EXISTS:
                return new BerthException.AlreadyExists(text, error);
            case FAILED_PRECONDITION:
            case ABORTED:
                return new BerthException.FailedPrecondition(text, error);
            case INVALID_ARGUMENT:
            case OUT_OF_RANGE:
                return new BerthException.InvalidArgument(text, error);
            case PERMISSION_DENIED:
            case UNAUTHENTICATED:
                return new BerthException.PermissionDenied(text, error);
            case CANCELLED:
                return new BerthException.Cancelled(what + ": cancelled", error);
            case DEADLINE_EXCEEDED:
                return new BerthException.Timeout(what + ": containerd did not answer in time", error);
            case UNAVAILABLE:
                return unavailable(error, what, address);
            default:
                return new BerthException.Internal(text, error);
        }
    }

    private static BerthException unavailable(Throwable error, String what, String address) {
        String causes = causeText(error);
        if (causes.contains("Permission denied") || causes.contains("EACCES")) {
            return new BerthException.PermissionDenied(ContainerdConnection.permissionMessage(address), error);
        }
        if (causes.contains("No such file") || causes.contains("ENOENT")) {
            return new BerthException.Unavailable("no containerd at " + address + " \u2014 is it running?", error);
        }
        if (causes.contains("Connection refused") || causes.contains("ECONNREFUSED")) {
            return new BerthException.Unavailable("containerd at " + address
                    + " refuses connections \u2014 it has stopped or is restarting", error);
        }
        return new BerthException.Unavailable(what + ": containerd at " + address + " is unavailable ("
                + firstLine(Status.fromThrowable(error).getDescription()) + ")", error);
    }

    private static String causeText(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "connection lost";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** True if the failure is a gRPC status with this code (tolerating NotFound on deletes etc.). */
    public static boolean is(Throwable error, Status.Code code) {
        return error instanceof StatusRuntimeException && ((StatusRuntimeException) error).getStatus().getCode() == code;
    }
}
