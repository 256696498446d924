package io.payrecon.systemtests.deployment;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the configuration checks need from one {@code .class} file, read without loading it: its name, its record
 * components (or, for a plain class, its instance fields) with their generic signatures, and the string and class
 * values of its runtime-visible class annotations. Just enough of the class-file format (JVMS §4) to get there.
 *
 * @param name the binary name, such as {@code io.payrecon.sandbox.SandboxProperties$Delivery}
 * @param isRecord whether it is a record; then {@code members} are its components
 * @param members the record components or instance fields, in declaration order
 * @param annotations by type descriptor ({@code Lorg/springframework/.../ConfigurationProperties;})
 */
record CompiledClass(String name, boolean isRecord, List<Member> members, Map<String, Annotation> annotations) {

    /**
     * @param descriptor the erased type, such as {@code Ljava/util/List;}
     * @param signature the generic type when it has one, such as {@code Ljava/util/List<Ljava/lang/String;>;}
     */
    record Member(String name, String descriptor, String signature) {}

    /** @param values by element name: its string constants and class descriptors (arrays flattened) */
    record Annotation(String type, Map<String, List<String>> values) {

        List<String> value(String element) {
            return values.getOrDefault(element, List.of());
        }
    }

    private static final int ACC_STATIC = 0x0008;

    Optional<Annotation> annotation(String type) {
        return Optional.ofNullable(annotations.get("L" + type.replace('.', '/') + ";"));
    }

    /** The package of the class, {@code io.payrecon.link} for {@code io.payrecon.link.LinkProperties}. */
    String packageName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    static CompiledClass read(byte[] bytes) {
        try {
            return new Reader(new DataInputStream(new ByteArrayInputStream(bytes))).read();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable class file: " + e.getMessage(), e);
        }
    }

    /** The binary class name a field descriptor names, or empty for primitives and arrays. */
    static Optional<String> className(String descriptor) {
        return descriptor.startsWith("L") && descriptor.endsWith(";")
                ? Optional.of(descriptor.substring(1, descriptor.length() - 1).replace('/', '.'))
                : Optional.empty();
    }

    private static final class Reader {

        private final DataInputStream in;
        private Object[] pool;

        Reader(DataInputStream in) {
            this.in = in;
        }

        CompiledClass read() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("no class file magic");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            readConstantPool();
            in.readUnsignedShort(); // access flags
            String name = classNameAt(in.readUnsignedShort());
            in.readUnsignedShort(); // super class
            skip(2 * in.readUnsignedShort()); // interfaces
            List<Member> fields = new ArrayList<>();
            int fieldCount = in.readUnsignedShort();
            for (int i = 0; i < fieldCount; i++) {
                int access = in.readUnsignedShort();
                Member field = readMember();
                if ((access & ACC_STATIC) == 0) {
                    fields.add(field);
                }
            }
            int methodCount = in.readUnsignedShort();
            for (int i = 0; i < methodCount; i++) {
                in.readUnsignedShort(); // access flags
                in.readUnsignedShort(); // name
                in.readUnsignedShort(); // descriptor
                skipAttributes();
            }
            List<Member> components = null;
            Map<String, Annotation> annotations = new LinkedHashMap<>();
            int attributeCount = in.readUnsignedShort();
            for (int i = 0; i < attributeCount; i++) {
                String attribute = utf8At(in.readUnsignedShort());
                int length = in.readInt();
                switch (attribute) {
                    case "Record" -> {
                        components = new ArrayList<>();
                        int count = in.readUnsignedShort();
                        for (int c = 0; c < count; c++) {
                            components.add(readMember());
                        }
                    }
                    case "RuntimeVisibleAnnotations" -> {
                        int count = in.readUnsignedShort();
                        for (int a = 0; a < count; a++) {
                            Annotation annotation = readAnnotation();
                            annotations.put(annotation.type(), annotation);
                        }
                    }
                    default -> skip(length);
                }
            }
            return new CompiledClass(
                    name, components != null, components != null ? components : fields, Map.copyOf(annotations));
        }

        /** A field or record component: name, descriptor, attributes (of which only Signature matters). */
        private Member readMember() throws IOException {
            String name = utf8At(in.readUnsignedShort());
            String descriptor = utf8At(in.readUnsignedShort());
            String signature = null;
            int attributeCount = in.readUnsignedShort();
            for (int i = 0; i < attributeCount; i++) {
                String attribute = utf8At(in.readUnsignedShort());
                int length = in.readInt();
                if (attribute.equals("Signature")) {
                    signature = utf8At(in.readUnsignedShort());
                } else {
                    skip(length);
                }
            }
            return new Member(name, descriptor, signature);
        }

        private Annotation readAnnotation() throws IOException {
            String type = utf8At(in.readUnsignedShort());
            Map<String, List<String>> values = new LinkedHashMap<>();
            int pairs = in.readUnsignedShort();
            for (int i = 0; i < pairs; i++) {
                String element = utf8At(in.readUnsignedShort());
                List<String> collected = new ArrayList<>();
                readElementValue(collected);
                values.put(element, List.copyOf(collected));
            }
            return new Annotation(type, values);
        }

        private void readElementValue(List<String> collected) throws IOException {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 's', 'c' -> collected.add(utf8At(in.readUnsignedShort()));
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z' -> in.readUnsignedShort();
                case 'e' -> skip(4);
                case '@' -> readAnnotation();
                case '[' -> {
                    int count = in.readUnsignedShort();
                    for (int i = 0; i < count; i++) {
                        readElementValue(collected);
                    }
                }
                default -> throw new IOException("unknown annotation element tag " + (char) tag);
            }
        }

        private void readConstantPool() throws IOException {
            int count = in.readUnsignedShort();
            pool = new Object[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 7 -> pool[i] = new ClassRef(in.readUnsignedShort());
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two slots
                    }
                    case 15 -> skip(3);
                    default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
                }
            }
        }

        private String utf8At(int index) throws IOException {
            if (pool[index] instanceof String utf8) {
                return utf8;
            }
            throw new IOException("constant " + index + " is not a UTF-8 string");
        }

        private String classNameAt(int index) throws IOException {
            if (pool[index] instanceof ClassRef ref) {
                return utf8At(ref.nameIndex()).replace('/', '.');
            }
            throw new IOException("constant " + index + " is not a class");
        }

        private void skipAttributes() throws IOException {
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                in.readUnsignedShort();
                skip(in.readInt());
            }
        }

        private void skip(int bytes) throws IOException {
            in.readFully(new byte[bytes]);
        }

        private record ClassRef(int nameIndex) {}
    }
}
