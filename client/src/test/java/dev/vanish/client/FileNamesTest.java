// A file's claimed name is cleaned before it is shown or saved: nothing in it can leave the folder, hide the
// file, carry control or bidi characters or be a reserved device name; and a save never overwrites anything.
package dev.vanish.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

  @Test
  void separatorsBecomeUnderscoresAndLeadingDotsGoSoNoNameLeavesTheFolderOrHides() {
    assertThat(FileNames.clean("../../etc/passwd")).isEqualTo("_.._etc_passwd");
    assertThat(FileNames.clean("a/b\\c")).isEqualTo("a_b_c");
    assertThat(FileNames.clean(".bashrc")).isEqualTo("bashrc");
    assertThat(FileNames.clean("..")).isEqualTo("file");
    assertThat(FileNames.clean("/")).isEqualTo("_");
    assertThat(FileNames.clean("  . . ")).isEqualTo("file");
    assertThat(FileNames.clean("report.pdf.")).isEqualTo("report.pdf");
    assertThat(FileNames.clean("photo.jpg")).isEqualTo("photo.jpg");
    assertThat(FileNames.clean("Ünïcödé 写真.png")).isEqualTo("Ünïcödé 写真.png");
    assertThat(FileNames.clean(null)).isEqualTo("file");
  }

  @Test
  void controlBidiAndZeroWidthCharactersAreDroppedAndWindowsDeviceNamesAreDefused() {
    assertThat(FileNames.clean("evil\u0000\n\r\u001b[31m.txt")).isEqualTo("evil[31m.txt");
    assertThat(FileNames.clean("invoice\u202egpj.exe")).isEqualTo("invoicegpj.exe");
    assertThat(FileNames.clean("a\u200bb\ufeff")).isEqualTo("ab");
    assertThat(FileNames.clean("\u0007\u0008")).isEqualTo("file");
    assertThat(FileNames.clean("CON")).isEqualTo("_CON");
    assertThat(FileNames.clean("nul.txt")).isEqualTo("_nul.txt");
    assertThat(FileNames.clean("com1.tar.gz")).isEqualTo("_com1.tar.gz");
    assertThat(FileNames.clean("console.log")).isEqualTo("console.log");
    assertThat(FileNames.clean("a:b*c?.txt")).isEqualTo("a_b_c_.txt");
  }

  @Test
  void aLongNameIsCutToTwoHundredBytesAtACodePointKeepingItsExtension() {
    String cut = FileNames.clean("写".repeat(200) + ".jpeg");
    assertThat(cut).endsWith(".jpeg").startsWith("写");
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(195);
  }

  @Test
  void reservingNeverOverwritesAndNumbersTheNextFreeName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("photo.jpg"), "already here");
    Path first = FileNames.reserve(dir, "photo.jpg");
    Path second = FileNames.reserve(dir, "photo.jpg");
    assertThat(first.getFileName()).hasToString("photo (1).jpg");
    assertThat(second.getFileName()).hasToString("photo (2).jpg");
    assertThat(dir.resolve("photo.jpg")).hasContent("already here");
    assertThat(FileNames.reserve(dir, "notes").getFileName()).hasToString("notes");
    assertThat(FileNames.reserve(dir, "notes").getFileName()).hasToString("notes (1)");
    Path hostile = FileNames.reserve(dir, "../../etc/passwd");
    assertThat(hostile.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void sizesReadInBinaryUnits() {
    assertThat(FileNames.humanSize(512)).isEqualTo("512 B");
    assertThat(FileNames.humanSize(3482)).isEqualTo("3.4 KiB");
    assertThat(FileNames.humanSize(1_258_291)).isEqualTo("1.2 MiB");
    assertThat(FileNames.humanSize(10L << 20)).isEqualTo("10.0 MiB");
  }
}
