import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cryptopro.ECGOST3410NamedCurves;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.GOST3411Digest;
import org.bouncycastle.crypto.digests.GOST3411_2012_256Digest;
import org.bouncycastle.crypto.digests.GOST3411_2012_512Digest;
import org.bouncycastle.crypto.engines.GOST28147Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECGOST3410Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.ExtendedContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;

/**
 * numlink's test oracle: certificates and CMS signatures of NCA RK's kinds made with BouncyCastle, for
 * every algorithm numlink verifies. Shares no code with numlink's verifier.
 *
 *   java KazakhEdsOracle <content file> <output json>
 *
 * BouncyCastle knows GOST under Russia's OIDs and conventions; Kazakhstan's are applied here by hand, as
 * SPEC §8 states them: the key, curve, signature and hash OIDs under 1.2.398.3.10; the public key an OCTET
 * STRING of X || Y little-endian; the digest read as a little-endian integer (BouncyCastle's
 * ECGOST3410Signer does that itself); the signature r || s, each little-endian.
 */
public final class KazakhEdsOracle {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String IIN = "900101300017";
  private static final String BIN = "990340001234";
  private static final ASN1ObjectIdentifier INDIVIDUAL_ROLE = new ASN1ObjectIdentifier("1.2.398.3.3.4.1.1");
  private static final ASN1ObjectIdentifier LEGAL_ENTITY_ROLE = new ASN1ObjectIdentifier("1.2.398.3.3.4.1.2");

  /** One of Kazakhstan's GOST schemes. */
  record Gost(String keyOid, String curveOid, String curveName, String signatureOid, String digestOid, int size) {
    Digest digest() {
      return switch (digestOid) {
        case "1.2.398.3.10.1.3.1" -> new GOST3411Digest(GOST28147Engine.getSBox("D-Test"));
        case "1.2.398.3.10.1.3.2" -> new GOST3411_2012_256Digest();
        case "1.2.398.3.10.1.3.3" -> new GOST3411_2012_512Digest();
        default -> throw new IllegalArgumentException(digestOid);
      };
    }

    ECDomainParameters domain(String name) {
      X9ECParameters x9 = ECGOST3410NamedCurves.getByNameX9(name);
      return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }
  }

  static final Gost GOST_2004 = new Gost("1.2.398.3.10.1.1.1.1", "1.2.398.3.10.1.1.1.1.1",
      "GostR3410-2001-CryptoPro-A", "1.2.398.3.10.1.1.1.2", "1.2.398.3.10.1.3.1", 32);
  static final Gost GOST_2015_256 = new Gost("1.2.398.3.10.1.1.2.1", "1.2.398.3.10.1.1.2.1.1",
      "Tc26-Gost-3410-12-256-paramSetA", "1.2.398.3.10.1.1.2.3.1", "1.2.398.3.10.1.3.2", 32);
  static final Gost GOST_2015_512 = new Gost("1.2.398.3.10.1.1.2.2", "1.2.398.3.10.1.1.2.2.1",
      "Tc26-Gost-3410-12-512-paramSetA", "1.2.398.3.10.1.1.2.3.2", "1.2.398.3.10.1.3.3", 64);

  /** A key of any algorithm: its SubjectPublicKeyInfo and a way to make a content signer. */
  interface Key {
    SubjectPublicKeyInfo publicKeyInfo();

    ContentSigner signer(String digestOid) throws Exception;
  }

  static byte[] littleEndian(BigInteger value, int size) {
    byte[] big = value.toByteArray();
    byte[] out = new byte[size];
    for (int i = 0; i < size && i < big.length; i++) out[i] = big[big.length - 1 - i];
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static Digest digestFor(ASN1ObjectIdentifier oid) {
    for (Gost gost : List.of(GOST_2004, GOST_2015_256, GOST_2015_512)) {
      if (gost.digestOid().equals(oid.getId())) return gost.digest();
    }
    throw new IllegalArgumentException("no digest " + oid);
  }

  /** Digests by Kazakh OID for BouncyCastle's CMS generator. */
  static final DigestCalculatorProvider KAZAKH_DIGESTS = algorithm -> new DigestCalculator() {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return algorithm;
    }

    public OutputStream getOutputStream() {
      return buffer;
    }

    public byte[] getDigest() {
      Digest digest = digestFor(algorithm.getAlgorithm());
      byte[] data = buffer.toByteArray();
      digest.update(data, 0, data.length);
      byte[] out = new byte[digest.getDigestSize()];
      digest.doFinal(out, 0);
      return out;
    }
  };

  /** A GOST key; `curveName` may differ from the scheme's curve (a key on another curve, named as this one). */
  static Key gostKey(Gost scheme, String curveName) {
    ECDomainParameters domain = scheme.domain(curveName);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(domain, RANDOM));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
    byte[] point = concat(littleEndian(q.getAffineXCoord().toBigInteger(), scheme.size()),
        littleEndian(q.getAffineYCoord().toBigInteger(), scheme.size()));
    SubjectPublicKeyInfo spki;
    try {
      spki = new SubjectPublicKeyInfo(
          new AlgorithmIdentifier(new ASN1ObjectIdentifier(scheme.keyOid()), new DERSequence(new ASN1Encodable[] {
              new ASN1ObjectIdentifier(scheme.curveOid()), new ASN1ObjectIdentifier(scheme.digestOid())})),
          new DEROctetString(point));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ECPrivateKeyParameters privateKey = (ECPrivateKeyParameters) pair.getPrivate();
    return new Key() {
      public SubjectPublicKeyInfo publicKeyInfo() {
        return spki;
      }

      /** Signs with the scheme's hash; the CMS may name `digestOid` (another one, to be refused). */
      public ContentSigner signer(String digestOid) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ExtendedContentSigner() {
          public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(new ASN1ObjectIdentifier(scheme.signatureOid()));
          }

          public AlgorithmIdentifier getDigestAlgorithmIdentifier() {
            return new AlgorithmIdentifier(new ASN1ObjectIdentifier(digestOid));
          }

          public OutputStream getOutputStream() {
            return buffer;
          }

          public byte[] getSignature() {
            Digest digest = scheme.digest();
            byte[] data = buffer.toByteArray();
            digest.update(data, 0, data.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            ECGOST3410Signer signer = new ECGOST3410Signer();
            signer.init(true, new ParametersWithRandom(privateKey, RANDOM));
            BigInteger[] rs = signer.generateSignature(hash);
            // Kazakhstan: r || s, each little-endian (SPEC §8).
            return concat(littleEndian(rs[0], scheme.size()), littleEndian(rs[1], scheme.size()));
          }
        };
      }
    };
  }

  static Key jcaKey(String algorithm) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.equals("rsa") ? "RSA" : "EC", "BC");
    if (algorithm.equals("rsa")) generator.initialize(2048, RANDOM);
    else generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    KeyPair pair = generator.generateKeyPair();
    String signatureName = algorithm.equals("rsa") ? "SHA256withRSA" : "SHA256withECDSA";
    return new Key() {
      public SubjectPublicKeyInfo publicKeyInfo() {
        return SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
      }

      public ContentSigner signer(String digestOid) throws Exception {
        return new JcaContentSignerBuilder(signatureName).setProvider("BC").build(pair.getPrivate());
      }
    };
  }

  /** A certificate and its key. */
  record Issued(X509CertificateHolder certificate, Key key) {
  }

  enum Kind { ROOT, INTERMEDIATE, SIGNING, AUTHENTICATION, LEGAL_ENTITY }

  static byte[] keyIdentifier(SubjectPublicKeyInfo spki) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
  }

  static X500Name name(Kind kind, String algorithm) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    switch (kind) {
      case ROOT -> name.addRDN(BCStyle.CN, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ТЕСТ (" + algorithm + ")");
      case INTERMEDIATE -> name.addRDN(BCStyle.CN, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ТЕСТ (" + algorithm + ") issuing");
      default -> {
        name.addRDN(BCStyle.CN, "ТЕСТОВ ТЕСТ");
        name.addRDN(BCStyle.SURNAME, "ТЕСТОВ");
        name.addRDN(BCStyle.SERIALNUMBER, "IIN" + IIN);
      }
    }
    name.addRDN(BCStyle.C, "KZ");
    if (kind == Kind.LEGAL_ENTITY) {
      name.addRDN(BCStyle.O, "ТОО \"ТЕСТ\"");
      name.addRDN(BCStyle.OU, "BIN" + BIN);
    }
    return name.build();
  }

  static Issued issue(Kind kind, String algorithm, Key key, Issued issuer) throws Exception {
    long now = System.currentTimeMillis();
    X500Name subject = name(kind, algorithm);
    X500Name issuerName = issuer == null ? subject : issuer.certificate().getSubject();
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, new BigInteger(128, RANDOM),
        new Date(now - 86_400_000L), new Date(now + 365L * 86_400_000L), subject, key.publicKeyInfo());
    boolean ca = kind == Kind.ROOT || kind == Kind.INTERMEDIATE;
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(key.publicKeyInfo())));
    if (issuer != null) {
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(keyIdentifier(issuer.key().publicKeyInfo())));
    }
    switch (kind) {
      case ROOT, INTERMEDIATE -> builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      case SIGNING -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(INDIVIDUAL_ROLE)}));
      }
      case AUTHENTICATION -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_clientAuth, KeyPurposeId.getInstance(INDIVIDUAL_ROLE)}));
      }
      case LEGAL_ENTITY -> {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(LEGAL_ENTITY_ROLE)}));
      }
    }
    Issued signer = issuer == null ? new Issued(null, key) : issuer;
    return new Issued(builder.build(signer.key().signer(null)), key);
  }

  static String cms(byte[] content, Issued signer, List<X509CertificateHolder> chain, boolean attached,
      String digestOid) throws Exception {
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    DigestCalculatorProvider digests = digestOid.startsWith("1.2.398.")
        ? KAZAKH_DIGESTS
        : new JcaDigestCalculatorProviderBuilder().setProvider("BC").build();
    generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests).build(signer.key().signer(digestOid), signer.certificate()));
    List<X509CertificateHolder> certificates = new ArrayList<>();
    certificates.add(signer.certificate());
    certificates.addAll(chain);
    generator.addCertificates(new CollectionStore<>(certificates));
    CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), attached);
    return Base64.getEncoder().encodeToString(signed.getEncoded("DER"));
  }

  static String b64(X509CertificateHolder certificate) throws Exception {
    return Base64.getEncoder().encodeToString(certificate.getEncoded());
  }

  static Key newKey(String algorithm) throws Exception {
    return switch (algorithm) {
      case "gost2004" -> gostKey(GOST_2004, GOST_2004.curveName());
      case "gost2015_256" -> gostKey(GOST_2015_256, GOST_2015_256.curveName());
      case "gost2015_512" -> gostKey(GOST_2015_512, GOST_2015_512.curveName());
      default -> jcaKey(algorithm);
    };
  }

  static String digestOf(String algorithm) {
    return switch (algorithm) {
      case "gost2004" -> GOST_2004.digestOid();
      case "gost2015_256" -> GOST_2015_256.digestOid();
      case "gost2015_512" -> GOST_2015_512.digestOid();
      default -> NISTObjectIdentifiers.id_sha256.getId();
    };
  }

  static String json(Map<String, Object> map) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      if (out.length() > 1) out.append(',');
      out.append('"').append(entry.getKey()).append("\":");
      @SuppressWarnings("unchecked")
      String value = entry.getValue() instanceof Map ? json((Map<String, Object>) entry.getValue()) : '"' + entry.getValue().toString() + '"';
      out.append(value);
    }
    return out.append('}').toString();
  }

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    byte[] content = Files.readAllBytes(Path.of(args[0]));
    Map<String, Object> out = new LinkedHashMap<>();
    for (String algorithm : List.of("rsa", "ecdsa", "gost2004", "gost2015_256", "gost2015_512")) {
      Issued root = issue(Kind.ROOT, algorithm, newKey(algorithm), null);
      Issued intermediate = issue(Kind.INTERMEDIATE, algorithm, newKey(algorithm), root);
      Issued signing = issue(Kind.SIGNING, algorithm, newKey(algorithm), intermediate);
      Issued authentication = issue(Kind.AUTHENTICATION, algorithm, newKey(algorithm), intermediate);
      Issued legalEntity = issue(Kind.LEGAL_ENTITY, algorithm, newKey(algorithm), intermediate);
      List<X509CertificateHolder> chain = List.of(intermediate.certificate());
      String digest = digestOf(algorithm);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("root", b64(root.certificate()));
      entry.put("intermediate", b64(intermediate.certificate()));
      entry.put("signing", b64(signing.certificate()));
      entry.put("attached", cms(content, signing, chain, true, digest));
      entry.put("detached", cms(content, signing, chain, false, digest));
      entry.put("byAuthentication", cms(content, authentication, chain, true, digest));
      entry.put("byLegalEntity", cms(content, legalEntity, chain, true, digest));
      entry.put("byIntermediateCa", cms(content, intermediate, List.of(), true, digest));
      if (algorithm.equals("gost2015_512")) {
        // A key of tc26 512 paramSetB in a certificate naming Kazakhstan's curve (paramSetA).
        Issued otherCurve = issue(Kind.SIGNING, algorithm, gostKey(GOST_2015_512, "Tc26-Gost-3410-12-512-paramSetB"), intermediate);
        entry.put("onAnotherCurve", cms(content, otherCurve, chain, true, digest));
        // A GOST 34.10-2015 (512) signature whose signer names Streebog-256 as its digest.
        entry.put("mismatchedDigest", cms(content, signing, chain, true, GOST_2015_256.digestOid()));
      }
      out.put(algorithm, entry);
    }
    Files.writeString(Path.of(args[1]), json(out), StandardCharsets.UTF_8);
  }
}
