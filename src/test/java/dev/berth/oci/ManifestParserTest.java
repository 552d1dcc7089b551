package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestParserTest {

  private static final String CONFIG_DIGEST = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
  private static final String LAYER_DIGEST = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  private static final String CHILD_DIGEST = "sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";

  private final ManifestParser parser = new ManifestParser();

  private static byte[] json(String text) {
    return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static String image(String mediaTypeField) {
    return "{'schemaVersion':2," + mediaTypeField
        + "'config':{'mediaType':'application/vnd.oci.image.config.v1+json','digest':'"
        + CONFIG_DIGEST + "','size':7},"
        + "'layers':[{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip','digest':'"
        + LAYER_DIGEST + "','size':1234}]}";
  }

  private Manifest parse(String text, String contentType) {
    return parser.parse(json(text), Optional.ofNullable(contentType));
  }

  private void assertInvalid(String text, String contentType, String... mentions) {
    assertThatThrownBy(() -> parse(text, contentType))
        .isInstanceOf(OciFormatException.class)
        .satisfies(
            e -> {
              assertThat(((OciFormatException) e).kind())
                  .isEqualTo(OciFormatException.Kind.MANIFEST);
              for (String mention : mentions) {
                assertThat(e.getMessage()).contains(mention);
              }
            });
  }

  @Test
  void parse_ociImage_returnsConfigThenLayers() {
    Manifest manifest =
        parse(image("'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"), MediaTypes.OCI_MANIFEST);

    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.isIndex()).isFalse();
    assertThat(manifest.config().orElseThrow().digest().toString()).isEqualTo(CONFIG_DIGEST);
    assertThat(manifest.layers()).singleElement()
        .satisfies(layer -> assertThat(layer.size()).isEqualTo(1234));
    assertThat(manifest.blobs()).extracting(d -> d.digest().toString())
        .containsExactly(CONFIG_DIGEST, LAYER_DIGEST);
    assertThat(manifest.manifests()).isEmpty();
    assertThat(manifest.effectiveArtifactType())
        .hasValue("application/vnd.oci.image.config.v1+json");
  }

  @Test
  void parse_dockerSchema2_returnsDockerType() {
    Manifest manifest =
        parse(image("'mediaType':'" + MediaTypes.DOCKER_MANIFEST + "',"), MediaTypes.DOCKER_MANIFEST);

    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(manifest.blobs()).hasSize(2);
  }

  @Test
  void parse_noMediaTypeField_usesContentType() {
    Manifest manifest = parse(image(""), MediaTypes.DOCKER_MANIFEST);

    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void parse_contentTypeWithParameters_isAccepted() {
    Manifest manifest =
        parse(
            image("'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"),
            "Application/VND.oci.image.manifest.v1+json; charset=utf-8");

    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void parse_noTypeAnywhere_guessesFromShape() {
    Manifest image = parse(image(""), null);
    Manifest index =
        parse(
            "{'schemaVersion':2,'manifests':[{'mediaType':'" + MediaTypes.OCI_MANIFEST
                + "','digest':'" + CHILD_DIGEST + "','size':10}]}",
            null);

    assertThat(image.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void parse_indexWithPlatforms_returnsChildren() {
    Manifest index =
        parse(
            "{'schemaVersion':2,'mediaType':'" + MediaTypes.DOCKER_MANIFEST_LIST
                + "','manifests':[{'mediaType':'" + MediaTypes.DOCKER_MANIFEST + "','digest':'"
                + CHILD_DIGEST + "','size':10,'platform':{'os':'linux','architecture':'arm64',"
                + "'variant':'v8'}}]}",
            MediaTypes.DOCKER_MANIFEST_LIST);

    assertThat(index.isIndex()).isTrue();
    assertThat(index.config()).isEmpty();
    assertThat(index.blobs()).isEmpty();
    assertThat(index.manifests()).singleElement()
        .satisfies(
            child -> {
              assertThat(child.digest().toString()).isEqualTo(CHILD_DIGEST);
              assertThat(child.platform().orElseThrow().toString()).isEqualTo("linux/arm64/v8");
            });
  }

  @Test
  void parse_artifact_returnsArtifactTypeSubjectAndAnnotations() {
    Manifest artifact =
        parse(
            "{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"
                + "'artifactType':'application/vnd.example.sbom',"
                + "'config':{'mediaType':'" + MediaTypes.OCI_EMPTY + "','digest':'"
                + MediaTypes.EMPTY_JSON_DIGEST + "','size':2},"
                + "'layers':[{'mediaType':'" + MediaTypes.OCI_EMPTY + "','digest':'"
                + MediaTypes.EMPTY_JSON_DIGEST + "','size':2}],"
                + "'subject':{'mediaType':'" + MediaTypes.OCI_MANIFEST + "','digest':'"
                + CHILD_DIGEST + "','size':500},"
                + "'annotations':{'org.example.a':'1','org.example.b':'two'}}",
            MediaTypes.OCI_MANIFEST);

    assertThat(artifact.artifactType()).hasValue("application/vnd.example.sbom");
    assertThat(artifact.effectiveArtifactType()).hasValue("application/vnd.example.sbom");
    assertThat(artifact.subject().orElseThrow().digest().toString()).isEqualTo(CHILD_DIGEST);
    assertThat(artifact.annotations())
        .containsEntry("org.example.a", "1")
        .containsEntry("org.example.b", "two");
  }

  @Test
  void parse_foreignLayer_keepsUrls() {
    Manifest manifest =
        parse(
            "{'schemaVersion':2,'mediaType':'" + MediaTypes.DOCKER_MANIFEST + "',"
                + "'config':{'mediaType':'x/config','digest':'" + CONFIG_DIGEST + "','size':1},"
                + "'layers':[{'mediaType':'" + MediaTypes.DOCKER_FOREIGN_LAYER + "','digest':'"
                + LAYER_DIGEST + "','size':1,'urls':['https://layers.example/a.tar.gz']}]}",
            null);

    assertThat(manifest.layers().get(0).urls()).containsExactly("https://layers.example/a.tar.gz");
    assertThat(MediaTypes.isNonDistributable(manifest.layers().get(0).mediaType())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        MediaTypes.DOCKER_SCHEMA1,
        MediaTypes.DOCKER_SCHEMA1_SIGNED,
        "application/vnd.docker.distribution.manifest.v1+prettyjws; charset=utf-8"
      })
  void parse_schema1ContentType_isRejectedNamingSchema1(String contentType) {
    assertInvalid("{'schemaVersion':1,'name':'a','tag':'b','fsLayers':[]}", contentType, "schema 1");
  }

  @Test
  void parse_schemaVersion1WithoutContentType_isRejectedNamingSchema1() {
    assertInvalid("{'schemaVersion':1,'name':'a','tag':'b','fsLayers':[]}", null, "schema 1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{'schemaVersion':3,'layers':[]}|schemaVersion",
        "{'layers':[]}|schemaVersion",
        "{'schemaVersion':'2','layers':[]}|schemaVersion",
        "not json|JSON",
        "[1,2]|JSON object",
        "{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST + "','layers':[]}|config",
        "{'schemaVersion':2,'mediaType':'application/vnd.example+json'}|application/vnd.example+json",
        "{'schemaVersion':2,'mediaType':7}|mediaType",
      })
  void parse_malformed_isRejectedNamingProblem(String text, String mention) {
    assertInvalid(text, null, mention);
  }

  @Test
  void parse_contentTypeDisagreesWithBody_isRejectedNamingBoth() {
    assertInvalid(
        image("'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"),
        MediaTypes.DOCKER_MANIFEST,
        MediaTypes.OCI_MANIFEST,
        MediaTypes.DOCKER_MANIFEST);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "'layers':7|layers",
        "'layers':[{'digest':'" + LAYER_DIGEST + "','size':1}]|mediaType",
        "'layers':[{'mediaType':'x','size':1}]|digest",
        "'layers':[{'mediaType':'x','digest':'" + LAYER_DIGEST + "'}]|size",
        "'layers':[{'mediaType':'x','digest':'" + LAYER_DIGEST + "','size':-1}]|size",
        "'layers':[{'mediaType':'x','digest':'" + LAYER_DIGEST + "','size':1.5}]|size",
        "'layers':[{'mediaType':'x','digest':'sha256:abc','size':1}]|sha256:abc",
        "'layers':['just a string']|layers[0]",
        "'layers':[],'annotations':{'a':1}|annotation 'a'",
        "'layers':[],'annotations':[]|annotations",
      })
  void parse_badDescriptorOrField_isRejectedNamingIt(String fields, String mention) {
    String text =
        "{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"
            + "'config':{'mediaType':'x/config','digest':'" + CONFIG_DIGEST + "','size':1},"
            + fields + "}";

    assertInvalid(text, null, mention);
  }

  @Test
  void parse_missingLayers_isRejected() {
    assertInvalid(
        "{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"
            + "'config':{'mediaType':'x/config','digest':'" + CONFIG_DIGEST + "','size':1}}",
        null,
        "layers");
  }

  @Test
  void parse_indexWithoutManifests_isRejected() {
    assertInvalid("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_INDEX + "'}", null,
        "manifests");
  }

  @Test
  void parse_nestingDeeperThanLimit_isRejected() {
    String deep = "{'schemaVersion':2,'annotations':" + "[".repeat(100) + "]".repeat(100) + "}";

    assertThatThrownBy(() -> parse(deep, null)).isInstanceOf(OciFormatException.class);
  }
}
