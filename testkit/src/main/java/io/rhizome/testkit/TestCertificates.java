/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away PKIs made at run time. {@link #create} makes a CA and an RSA server certificate for
 * {@code localhost} and {@code 127.0.0.1}, so clients can verify the server fully ({@code
 * sslmode=verify-full}). {@link #authority} makes a CA that issues any number of certificates: the
 * cluster's members with their role URIs, clients named by their common name (etcd's users), a
 * server, or a second, foreign CA to prove that its certificates are refused. Nothing is checked
 * in; every run makes new keys.
 */
public final class TestCertificates {

  /**
   * PEM files of one PKI.
   *
   * @param caCert the CA certificate (a client's sslrootcert)
   * @param serverCert the server certificate followed by nothing else (signed by the CA)
   * @param serverKey the server's RSA key, PKCS#8 ("BEGIN PRIVATE KEY")
   * @param serverKeyPkcs1 the same key, PKCS#1 ("BEGIN RSA PRIVATE KEY", older openssl's default)
   */
  public record Pki(Path caCert, Path serverCert, Path serverKey, Path serverKeyPkcs1) {}

  /**
   * A certificate an {@link Authority} issued and its key.
   *
   * @param cert the PEM certificate (the leaf alone; the CA signed it directly)
   * @param key its private key, unencrypted PKCS#8 ("BEGIN PRIVATE KEY")
   */
  public record Identity(Path cert, Path key) {}

  /**
   * What an issued certificate says. Every one names {@code localhost} and {@code 127.0.0.1} as
   * subject alternative names, so it can serve on loopback as well as sign in as a client.
   *
   * @param commonName the subject's CN (etcd takes it as the user name of a client certificate)
   * @param uris URI subject alternative names (a cluster role such as spiffe://rhizome/node)
   * @param serverAuth whether the extended key usage allows a TLS server
   * @param clientAuth whether the extended key usage allows a TLS client
   */
  public record Leaf(String commonName, List<String> uris, boolean serverAuth, boolean clientAuth) {
    public Leaf {
      uris = List.copyOf(uris);
    }
  }

  private TestCertificates() {}

  /** Makes a CA and a server certificate and writes them to {@code dir}. */
  public static Pki create(Path dir) {
    try {
      Files.createDirectories(dir);
      SecureRandom random = new SecureRandom();
      KeyPair caKeys = rsa(random);
      KeyPair serverKeys = rsa(random);
      X509Certificate caCert = selfSigned("CN=Rhizome Test CA", caKeys, random, "SHA256withRSA");
      X509Certificate serverCert =
          signed(
              caCert,
              caKeys,
              new Leaf("localhost", List.of(), true, false),
              serverKeys,
              random,
              "SHA256withRSA");
      Pki pki =
          new Pki(
              dir.resolve("ca.crt"),
              dir.resolve("server.crt"),
              dir.resolve("server.key"),
              dir.resolve("server-pkcs1.key"));
      Files.writeString(pki.caCert(), pem(caCert));
      Files.writeString(pki.serverCert(), pem(serverCert));
      Files.writeString(pki.serverKey(), pkcs8(serverKeys.getPrivate()));
      // Bouncy Castle writes a JCA RSA private key in the traditional PKCS#1 form.
      Files.writeString(pki.serverKeyPkcs1(), pem(serverKeys.getPrivate()));
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make test certificates", e);
    }
  }

  /**
   * A new CA (an EC P-256 key, quick to make) whose certificate is written to {@code
   * dir/<name>-ca.crt}; the certificates it issues go to the same directory.
   */
  public static Authority authority(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      SecureRandom random = new SecureRandom();
      KeyPair keys = ec(random);
      X509Certificate cert =
          selfSigned("CN=Rhizome Test CA " + name, keys, random, "SHA256withECDSA");
      Path file = dir.resolve(name + "-ca.crt");
      Files.writeString(file, pem(cert));
      return new Authority(dir, keys, cert, file, random);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /** A CA that issues certificates into its directory. */
  public static final class Authority {
    private final Path dir;
    private final KeyPair keys;
    private final X509Certificate cert;
    private final Path certFile;
    private final SecureRandom random;

    private Authority(
        Path dir, KeyPair keys, X509Certificate cert, Path certFile, SecureRandom random) {
      this.dir = dir;
      this.keys = keys;
      this.cert = cert;
      this.certFile = certFile;
      this.random = random;
    }

    /** The CA's certificate (PEM): what peers trust. */
    public Path caCert() {
      return certFile;
    }

    /** Issues a certificate for {@code leaf} with a new key, as {@code <stem>.crt/.key}. */
    public Identity issue(String stem, Leaf leaf) {
      try {
        KeyPair leafKeys = ec(random);
        X509Certificate leafCert = signed(cert, keys, leaf, leafKeys, random, "SHA256withECDSA");
        Identity identity = new Identity(dir.resolve(stem + ".crt"), dir.resolve(stem + ".key"));
        Files.writeString(identity.cert(), pem(leafCert));
        Files.writeString(identity.key(), pkcs8(leafKeys.getPrivate()));
        return identity;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | OperatorCreationException e) {
        throw new IllegalStateException("cannot issue a test certificate", e);
      }
    }

    /**
     * A cluster member's certificate: {@code roleUri} as its URI name (none when null), usable as a
     * TLS server and client.
     */
    public Identity member(String stem, String roleUri) {
      return issue(
          stem, new Leaf(stem, roleUri == null ? List.of() : List.of(roleUri), true, true));
    }

    /** A client certificate whose common name is {@code commonName}, with no URI name. */
    public Identity client(String stem, String commonName) {
      return issue(stem, new Leaf(commonName, List.of(), false, true));
    }

    /** A server certificate (also usable as a client) with no URI name. */
    public Identity server(String stem) {
      return issue(stem, new Leaf(stem, List.of(), true, true));
    }
  }

  private static KeyPair rsa(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048, random);
    return g.generateKeyPair();
  }

  private static KeyPair ec(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private static X509Certificate selfSigned(
      String name, KeyPair keys, SecureRandom random, String algorithm)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name x500 = new X500Name(name);
    Instant now = Instant.now();
    X509v3CertificateBuilder ca =
        new JcaX509v3CertificateBuilder(
                x500,
                new BigInteger(64, random),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                x500,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return sign(ca, keys.getPrivate(), algorithm);
  }

  private static X509Certificate signed(
      X509Certificate caCert,
      KeyPair caKeys,
      Leaf leaf,
      KeyPair leafKeys,
      SecureRandom random,
      String algorithm)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    for (String uri : leaf.uris()) {
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
    List<KeyPurposeId> purposes = new ArrayList<>();
    if (leaf.serverAuth()) {
      purposes.add(KeyPurposeId.id_kp_serverAuth);
    }
    if (leaf.clientAuth()) {
      purposes.add(KeyPurposeId.id_kp_clientAuth);
    }
    int usage =
        KeyUsage.digitalSignature
            | ("RSA".equals(leafKeys.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                caCert,
                new BigInteger(64, random),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=" + leaf.commonName()),
                leafKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(names.toArray(GeneralName[]::new)))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
    return sign(builder, caKeys.getPrivate(), algorithm);
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, PrivateKey issuer, String algorithm)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuer);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static String pkcs8(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
