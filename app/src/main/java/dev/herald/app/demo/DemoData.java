package dev.herald.app.demo;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The demo's customers and products, read from the CSV files shipped in the app (see demo/README.md). */
public record DemoData(List<Customer> customers, List<Product> products) {

    /** A demo customer. */
    public record Customer(String id, String name, String email, String country) {
    }

    /** A demo product with its usual price. */
    public record Product(String id, String name, BigDecimal price) {
    }

    public static DemoData load() {
        return new DemoData(
                read("/demo/customers.csv", r -> new Customer(r.get("customer_id"), r.get("name"), r.get("email"),
                        r.get("country"))),
                read("/demo/products.csv", r -> new Product(r.get("product_id"), r.get("name"),
                        new BigDecimal(r.get("price_gbp")))));
    }

    private static <T> List<T> read(String resource, Function<CSVRecord, T> mapper) {
        InputStream in = DemoData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("demo data " + resource + " is missing from the application");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            List<T> out = new ArrayList<>();
            for (CSVRecord r : format.parse(reader)) {
                out.add(mapper.apply(r));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
