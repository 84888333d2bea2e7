// Makes `vanish serve`'s options from the settings table: one --flag per row of Settings, whose help names
// the VANISH_* variable and the default taken from the row, so --help can never disagree with the loader.
// Every option is a plain string; the loader parses it exactly like the variable, so errors read the same.
package dev.vanish.server.config;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A picocli model transformer ({@code @Command(modelTransformer = SettingOptions.class)}). */
public final class SettingOptions implements IModelTransformer {

  @Override
  public CommandSpec transform(CommandSpec spec) {
    for (Setting<?> s : Settings.ALL) {
      spec.addOption(OptionSpec.builder(s.flag()).paramLabel(s.label()).type(String.class).description(help(s)).build());
    }
    return spec;
  }

  /** "Bind address (VANISH_HOST, default 0.0.0.0)." — the row's doc without Markdown. */
  static String help(Setting<?> s) {
    String doc = s.doc().replace("`", "");
    String text = Character.toUpperCase(doc.charAt(0)) + doc.substring(1) + " (" + s.env() + ", default " + s.shown() + ").";
    return text.replace("%", "%%"); // picocli formats descriptions
  }

  /** The value given to a row's option, or null when it was not on the command line. */
  public static String given(CommandSpec spec, String env) {
    for (Setting<?> s : Settings.ALL) {
      if (s.env().equals(env)) {
        OptionSpec option = spec.findOption(s.flag());
        return option == null ? null : option.getValue();
      }
    }
    return null;
  }
}
