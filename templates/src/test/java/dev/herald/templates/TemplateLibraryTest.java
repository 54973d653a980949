package dev.herald.templates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's editable template set: edits validated before they go live, kept in the edits folder, reloaded. */
class TemplateLibraryTest {

    @TempDir
    Path edits;

    @Test
    void a_valid_edit_is_written_to_the_edits_folder_and_is_what_the_next_email_renders() throws Exception {
        TemplateLibrary library = TemplateLibrary.open(edits);
        assertThat(library.keys()).contains("welcome", "thank-you");
        assertThat(library.edited("welcome/subject.mustache")).isFalse();

        TemplateLibrary.SaveResult result = library.save("welcome/subject.mustache",
                "Hello {{customer.firstName | default: \"friend\"}}, welcome aboard");

        assertThat(result.saved()).isTrue();
        assertThat(library.edited("welcome/subject.mustache")).isTrue();
        assertThat(Files.readString(edits.resolve("welcome/subject.mustache"), StandardCharsets.UTF_8))
                .startsWith("Hello {{customer.firstName");
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Hello Ada, welcome aboard");
    }

    @Test
    void an_edit_with_an_unknown_variable_is_refused_with_its_line_and_the_last_good_version_keeps_running() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        String before = library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).html();

        TemplateLibrary.SaveResult result = library.save("welcome/html.mustache",
                "{{<_layout/html}}\n{{$body}}\n<p>Hi {{customer.frstName}}</p>\n{{/body}}\n{{/_layout/html}}\n");

        assertThat(result.saved()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("welcome/html.mustache");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("customer.frstName");
        });
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).html()).isEqualTo(before);
        assertThat(edits.resolve("welcome/html.mustache")).doesNotExist();
    }

    @Test
    void an_unclosed_section_is_refused() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        List<TemplateError> errors = library.check("welcome/subject.mustache", "Hi {{#customer.firstName}}there");
        assertThat(errors).extracting(TemplateError::message).anyMatch(m -> m.contains("never closed"));
        assertThat(library.save("welcome/subject.mustache", "Hi {{#customer.firstName}}there").saved()).isFalse();
    }

    @Test
    void edits_survive_a_restart_and_an_edit_broken_on_disk_is_left_out_at_start() throws Exception {
        TemplateLibrary first = TemplateLibrary.open(edits);
        assertThat(first.save("thank-you/subject.mustache", "Thanks, {{customer.firstName}}!").saved()).isTrue();
        // a hand edit that does not validate
        Files.createDirectories(edits.resolve("welcome"));
        Files.writeString(edits.resolve("welcome/subject.mustache"), "Hi {{customer.nope}}", StandardCharsets.UTF_8);

        TemplateLibrary restarted = TemplateLibrary.open(edits);

        assertThat(restarted.source("thank-you/subject.mustache")).isEqualTo("Thanks, {{customer.firstName}}!");
        assertThat(restarted.edited("welcome/subject.mustache")).as("broken edit left out").isFalse();
        assertThat(restarted.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");
    }

    @Test
    void a_preview_renders_unsaved_text_without_changing_what_is_live() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        RenderedTemplate preview = library.preview("welcome", null, Models.welcome("Ada Lovelace", "Ada"),
                "welcome/subject.mustache", "Draft for {{customer.name}}");
        assertThat(preview.subject()).isEqualTo("Draft for Ada Lovelace");
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");
        assertThatThrownBy(() -> library.preview("welcome", null, Models.welcome("Ada Lovelace", "Ada"),
                "welcome/subject.mustache", "Draft {{nope}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("welcome/subject.mustache:1");
    }

    @Test
    void a_new_variant_part_makes_a_variant_that_the_outbox_renders() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        assertThat(library.variants("welcome")).isEmpty();

        assertThat(library.save("welcome/variants/B/subject.mustache", "B: hello {{customer.firstName}}").saved())
                .isTrue();

        assertThat(library.variants("welcome")).containsExactly("B");
        assertThat(library.filesOf("welcome")).contains("welcome/variants/B/subject.mustache");
        assertThat(library.renderVariant("welcome", "B", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("B: hello Ada");
        assertThat(library.renderVariant("welcome", "A", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");
    }

    @Test
    void only_template_parts_and_existing_shared_files_can_be_written() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        assertThat(TemplateLibrary.editable("../etc/passwd")).isFalse();
        assertThat(TemplateLibrary.editable("welcome/../../x/subject.mustache")).isFalse();
        assertThat(TemplateLibrary.editable("welcome/footer.mustache")).isFalse();
        assertThat(library.save("nosuch/subject.mustache", "x").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("no template named 'nosuch'"));
        assertThat(library.save("_partials/new-one.mustache", "x").errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("new shared files"));
        assertThatThrownBy(() -> library.save("../x.mustache", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void without_an_edits_folder_edits_stay_in_memory() {
        TemplateLibrary library = TemplateLibrary.open(null);
        assertThat(library.save("welcome/subject.mustache", "Hi {{customer.firstName}}").saved()).isTrue();
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject()).isEqualTo("Hi Ada");
        assertThat(TemplateLibrary.open(null).render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");
    }

    @Test
    void reverting_restores_the_built_in_text_and_removes_a_new_variant_part() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        library.save("welcome/subject.mustache", "Edited {{customer.firstName}}");
        library.save("welcome/variants/B/subject.mustache", "B {{customer.firstName}}");

        assertThat(library.revert("welcome/subject.mustache").saved()).isTrue();
        assertThat(library.revert("welcome/variants/B/subject.mustache").saved()).isTrue();

        assertThat(library.edited("welcome/subject.mustache")).isFalse();
        assertThat(library.variants("welcome")).isEmpty();
        assertThat(edits.resolve("welcome/subject.mustache")).doesNotExist();
        assertThat(edits.resolve("welcome/variants/B/subject.mustache")).doesNotExist();
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");
    }

    @Test
    void saves_and_reverts_announce_the_whole_set_of_edits_and_another_nodes_set_replaces_it_silently() {
        TemplateLibrary library = TemplateLibrary.open(edits);
        List<java.util.Map<String, String>> announced = new java.util.ArrayList<>();
        library.onChanged((set, version) -> announced.add(set));
        assertThat(library.version()).isEqualTo("built-in");

        library.save("welcome/subject.mustache", "Edited {{customer.firstName}}");
        library.save("welcome/variants/B/subject.mustache", "B {{customer.firstName}}");
        library.revert("welcome/variants/B/subject.mustache");

        assertThat(announced).hasSize(3);
        // the new variant part brought its copy into welcome's German translation, and its revert took it away
        assertThat(announced.get(1)).containsOnlyKeys("welcome/subject.mustache", "welcome/variants/B/subject.mustache",
                "welcome/variants/B/locales/de/subject.mustache");
        assertThat(announced.get(2)).containsOnlyKeys("welcome/subject.mustache");
        String mine = library.version();

        // another node's edits: its subject and a thank-you edit, without mine
        TemplateLibrary.SaveResult replaced = library.replaceEdits(java.util.Map.of(
                "thank-you/subject.mustache", "Thanks {{customer.firstName}}"));

        assertThat(replaced.saved()).isTrue();
        assertThat(announced).as("not a local edit: not announced again").hasSize(3);
        assertThat(library.edits()).containsOnlyKeys("thank-you/subject.mustache");
        assertThat(library.version()).isNotEqualTo(mine).isNotEqualTo("built-in");
        assertThat(edits.resolve("welcome/subject.mustache")).as("my edit removed from disk").doesNotExist();
        assertThat(edits.resolve("thank-you/subject.mustache")).exists();
        assertThat(library.render("welcome", Models.welcome("Ada Lovelace", "Ada")).subject())
                .isEqualTo("Welcome to Herald Shop, Ada!");

        TemplateLibrary.SaveResult refused = library.replaceEdits(java.util.Map.of(
                "welcome/subject.mustache", "{{#customer}}unclosed"));
        assertThat(refused.saved()).isFalse();
        assertThat(library.edits()).containsOnlyKeys("thank-you/subject.mustache");
    }

    @Test
    void template_files_on_several_class_path_roots_merge_with_the_earlier_root_winning(@TempDir Path roots)
            throws Exception {
        Path own = roots.resolve("own");
        Path builtIn = roots.resolve("built-in");
        write(builtIn.resolve("templates/_layout/html.mustache"), "<html>{{$body}}{{/body}}</html>");
        write(builtIn.resolve("templates/welcome/subject.mustache"), "built-in subject");
        write(own.resolve("templates/welcome/subject.mustache"), "own subject");
        write(own.resolve("templates/welcome/variants/B/subject.mustache"), "own variant");
        write(own.resolve("templates/index.mustache"), "someone else's template");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {
                own.toUri().toURL(), builtIn.toUri().toURL()}, null)) {
            assertThat(TemplateFiles.fromClasspathRoots(loader, "templates/"))
                    .containsEntry("welcome/subject.mustache", "own subject")
                    .containsEntry("welcome/variants/B/subject.mustache", "own variant")
                    .containsEntry("_layout/html.mustache", "<html>{{$body}}{{/body}}</html>")
                    .doesNotContainKey("index.mustache");
        }
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
