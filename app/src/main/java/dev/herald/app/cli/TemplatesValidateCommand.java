package dev.herald.app.cli;

import dev.herald.templates.TemplateError;
import dev.herald.templates.TemplateValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code herald templates validate [DIR]}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every email template in DIR (default: the built-in templates) before it is used.",
                "Each problem is printed as FILE:LINE: MESSAGE: unknown variables (the model's names are listed in"
                        + " templates/README.md), unknown filters or bad filter arguments, unescaped output ({{{x}}},"
                        + " {{&x}}), unclosed or mismatched sections, missing partials or layouts, template folders"
                        + " without subject or html.",
                "Exit code 0 when every template is valid, 1 otherwise."})
public class TemplatesValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The templates folder (holding <key>/html.mustache ...); default: the built-in templates.")
    Path folder;

    @Override
    public Integer call() {
        Map<String, String> files;
        try {
            files = TemplatesCommand.files(folder);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        List<TemplateError> errors = new TemplateValidator().validate(files);
        String where = folder == null ? "built-in templates" : folder.toString();
        if (!errors.isEmpty()) {
            for (TemplateError error : errors) {
                System.err.println((folder == null ? error.toString()
                        : folder.resolve(error.file()).normalize() + ":" + error.line() + ": " + error.message()));
            }
            System.err.printf("%d error%s in %s%n", errors.size(), errors.size() == 1 ? "" : "s", where);
            return 1;
        }
        TreeSet<String> keys = new TreeSet<>();
        files.keySet().stream().filter(f -> !f.startsWith("_")).forEach(f -> keys.add(f.substring(0, f.indexOf('/'))));
        System.out.printf("%s: %d templates valid (%s), %d files%n", where, keys.size(), String.join(", ", keys),
                files.size());
        return 0;
    }
}
