package dev.herald.app.fault;

import dev.herald.app.TestEvents;
import dev.herald.app.TestEvents.Customer;
import dev.herald.app.TestMail;
import dev.herald.app.demo.DemoScenario;
import dev.herald.routes.RouteSettings;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What the fault tests share: numbered customers, their signup events, and emails counted per recipient. */
final class FaultRun {

    private FaultRun() {
    }

    /** Customers {@code <prefix>-1 … <prefix>-count}. */
    static List<Customer> customers(String prefix, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> TestEvents.customer(prefix + "-" + i, "Fault " + i)).toList();
    }

    /** One signup per customer (each decides exactly one welcome email), grouped by customer id. */
    static List<DemoScenario.DemoEvent> signups(List<Customer> customers) {
        return customers.stream()
                .map(c -> new DemoScenario.DemoEvent(RouteSettings.CRM_QUEUE, c.id(),
                        TestEvents.signup("signup-" + c.id(), c).toString(), DemoScenario.Kind.VALID, "signup"))
                .toList();
    }

    /** Emails received per recipient address. */
    static Map<String, Long> perRecipient(Collection<MimeMessage> messages) {
        return TestMail.readAll(List.copyOf(messages)).stream()
                .flatMap(m -> m.to().stream())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    static List<String> emails(List<Customer> customers) {
        return customers.stream().map(Customer::email).toList();
    }

    /** A port free on 127.0.0.1 right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
