package org.isstudio.ui.bench;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** The benchmarks drive the application from their own thread and do every UI step on the FX thread. */
final class Fx {

    private Fx() {
    }

    /** Starts the toolkit on the display the environment names; a clear error when there is none. */
    static void start() throws InterruptedException {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("linux") && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new IllegalStateException("the UI benchmarks start the real window and need a display: set DISPLAY "
                    + "(e.g. Xvfb :78 -screen 0 1366x768x24 & DISPLAY=:78 isstudio bench --ui)");
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
    }

    static <T> T call(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    static void run(Runnable work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread every 20 ms; {@code what} names it when the wait times out. */
    static void await(BooleanSupplier condition, long timeoutMillis, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!call(condition::getAsBoolean)) {
            if (System.nanoTime() > end) throw new TimeoutException("timed out after " + timeoutMillis + " ms waiting for " + what);
            Thread.sleep(20);
        }
    }
}
