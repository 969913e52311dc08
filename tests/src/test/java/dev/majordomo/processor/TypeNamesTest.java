package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.Test;

/** Which parameters are images, told by qualified name, and how messages name elements. */
class TypeNamesTest {

  @Test
  void imagesAndImageListsAreRecognisedAndNothingElse() {
    Map<String, TypeMirror> types = new LinkedHashMap<>();
    Map<String, String> where = new LinkedHashMap<>();
    Compilation c =
        ContextProbe.run(
            """
            package t;

            import dev.majordomo.media.Image;
            import java.util.List;

            interface Probe {
              void image(Image p);
              void images(List<Image> p);
              void array(Image[] p);
              void texts(List<String> p);
              void text(String p);
              void number(int p);
              <T extends Image> void variable(T p);
            }
            """,
            (context, probe) -> {
              for (ExecutableElement m : ElementFilter.methodsIn(probe.getEnclosedElements())) {
                types.put(m.getSimpleName().toString(), m.getParameters().get(0).asType());
                where.put(m.getSimpleName().toString(), ElementText.method(m));
              }
            });

    assertThat(c).succeeded();
    assertThat(types.entrySet().stream().filter(e -> TypeNames.isImage(e.getValue())))
        .extracting(Map.Entry::getKey)
        .containsExactly("image");
    assertThat(types.entrySet().stream().filter(e -> TypeNames.isImageList(e.getValue())))
        .extracting(Map.Entry::getKey)
        .containsExactly("images");
    assertThat(types.entrySet().stream().filter(e -> TypeNames.isString(e.getValue())))
        .extracting(Map.Entry::getKey)
        .containsExactly("text");
    assertThat(TypeNames.qualifiedName(types.get("texts"))).contains("java.util.List");
    assertThat(TypeNames.qualifiedName(types.get("number"))).isEmpty();
    assertThat(TypeNames.qualifiedName(types.get("variable"))).isEmpty();
    assertThat(where.get("images")).isEqualTo("Probe.images()");
  }
}
