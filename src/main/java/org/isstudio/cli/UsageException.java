package org.isstudio.cli;

/** Bad command-line usage: the dispatcher prints the message and the command's usage, and exits 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
