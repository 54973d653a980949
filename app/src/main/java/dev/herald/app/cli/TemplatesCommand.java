package dev.herald.app.cli;

import dev.herald.templates.MustacheTemplateRenderer;
import dev.herald.templates.TemplateFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/** {@code herald templates}: check email templates and preview exactly what a customer would receive. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = {"Work with email templates: Mustache files with Liquid-style filters, one folder per template"
                + " (subject, preheader, html, text parts; variants/<name>/ overrides), shared layouts and partials in"
                + " folders starting with _, and translations of any of them in locales/<tag>/ beside them (e.g."
                + " welcome/locales/de/), picked by the customer's locale. Without a folder the built-in templates"
                + " are used. See docs/decisions/0010-templates-stay-mustache-with-liquid-style-filters.md and"
                + " 0064-emails-in-the-customers-language.md."},
        subcommands = {TemplatesValidateCommand.class, TemplatesPreviewCommand.class, TemplatesCheckLinksCommand.class,
                CommandLine.HelpCommand.class})
public class TemplatesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The template files under {@code dir}, or the built-in ones when {@code dir} is null. */
    static Map<String, String> files(Path dir) {
        return dir == null
                ? TemplateFiles.fromClasspath(MustacheTemplateRenderer.class.getClassLoader(),
                        MustacheTemplateRenderer.DEFAULT_BASE_PATH)
                : TemplateFiles.fromDirectory(dir);
    }

    /** A renderer over {@code dir} alone (built-in templates are not mixed in), or the built-in renderer. */
    static MustacheTemplateRenderer renderer(Path dir) {
        if (dir == null) {
            return new MustacheTemplateRenderer();
        }
        try {
            URL root = dir.toAbsolutePath().normalize().toUri().toURL();
            return new MustacheTemplateRenderer(new URLClassLoader(new URL[] {root}, null), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
