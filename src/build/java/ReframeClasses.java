import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step, run on the shaded jar before the launcher is assembled: rewrites the classes under the
 * given package prefixes (picocli) as Java 8 class files with stack map frames. picocli ships Java 5
 * class files, which the JVM's start-up cache (AppCDS, the AOT cache) leaves out, so a run loaded,
 * verified and interpreted its 180 classes from the jar every time. The code is unchanged; only the
 * class-file version and the frames the verifier needs are new.
 *
 * <p>Usage: {@code java -cp asm.jar:picocli.jar ReframeClasses JAR PREFIX...}, e.g. {@code picocli/}.
 */
public final class ReframeClasses {
  /** Java 8: the oldest version the archive takes, so the jar still runs on every JDK it did. */
  static final int VERSION = Opcodes.V1_8;

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    List<String> prefixes = List.of(args).subList(1, args.length);
    int rewritten = 0;
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of());
        Stream<Path> files = Files.walk(zip.getPath("/"))) {
      for (Path file : files.toList()) {
        String name = file.toString().substring(1);
        if (name.endsWith(".class") && prefixes.stream().anyMatch(name::startsWith)) {
          byte[] old = Files.readAllBytes(file);
          byte[] neu = reframe(old, zip);
          if (neu != null) {
            try (OutputStream out = Files.newOutputStream(file)) {
              out.write(neu);
            }
            rewritten++;
          }
        }
      }
    }
    if (rewritten == 0) {
      throw new IllegalStateException("no class under " + prefixes + " to rewrite in " + jar);
    }
    System.out.println("ReframeClasses: " + rewritten + " classes in " + jar.getFileName()
        + " rewritten as class-file version " + VERSION);
  }

  /** The class as a Java 8 class file with frames; null if it is that new already. */
  static byte[] reframe(byte[] bytes, FileSystem jar) {
    ClassReader reader = new ClassReader(bytes);
    int version = reader.readUnsignedShort(6);
    if (version >= VERSION) {
      return null;
    }
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      /** Frames need the common super class of two types: read it from the jar, never load it. */
      @Override
      protected String getCommonSuperClass(String a, String b) {
        if (isAssignable(b, a, jar)) {
          return a;
        }
        if (isAssignable(a, b, jar)) {
          return b;
        }
        if (isInterface(a, jar) || isInterface(b, jar)) {
          return "java/lang/Object";
        }
        String s = a;
        do {
          s = superName(s, jar);
        } while (!isAssignable(b, s, jar));
        return s;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(VERSION, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  /** Whether a value of type {@code from} can be stored where {@code to} is expected. */
  private static boolean isAssignable(String from, String to, FileSystem jar) {
    if (to.equals("java/lang/Object") || from.equals(to)) {
      return true;
    }
    for (String s = from; s != null; s = superName(s, jar)) {
      if (s.equals(to) || implementsIt(s, to, jar)) {
        return true;
      }
    }
    return false;
  }

  private static boolean implementsIt(String type, String iface, FileSystem jar) {
    for (String i : info(type, jar).interfaces) {
      if (i.equals(iface) || implementsIt(i, iface, jar)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInterface(String type, FileSystem jar) {
    return (info(type, jar).access & Opcodes.ACC_INTERFACE) != 0;
  }

  private static String superName(String type, FileSystem jar) {
    return info(type, jar).superName;
  }

  private record Info(int access, String superName, String[] interfaces) {}

  private static final Map<String, Info> INFO = new java.util.HashMap<>();

  /** A type's header, from the jar or, for the JDK's types, from the running JDK. */
  private static Info info(String type, FileSystem jar) {
    return INFO.computeIfAbsent(type, t -> {
      try {
        Path p = jar.getPath("/" + t + ".class");
        byte[] bytes;
        if (Files.exists(p)) {
          bytes = Files.readAllBytes(p);
        } else {
          try (InputStream in = ClassLoader.getSystemResourceAsStream(t + ".class")) {
            if (in == null) {
              throw new IllegalStateException("type not found: " + t);
            }
            bytes = in.readAllBytes();
          }
        }
        ClassReader r = new ClassReader(bytes);
        return new Info(r.getAccess(), r.getSuperName(), r.getInterfaces());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
