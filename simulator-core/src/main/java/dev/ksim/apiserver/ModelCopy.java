package dev.ksim.apiserver;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deep copies of fabric8 model objects, field by field: each model object is new, each list an
 * {@link ArrayList} and each map a {@link LinkedHashMap} (what the model's own constructors and
 * Jackson make), while strings, numbers, booleans and enums, which cannot change, are shared.
 *
 * <p>The copy equals the original and shares nothing that can be changed with it, as the model's
 * builders' copies ({@code new PodBuilder(pod).build()}); it costs a fraction of theirs, which
 * build a fluent object and a list of builders for every nested object and collection. The store
 * copies on every create, update and modify, a hundred thousand pods several times each.
 */
public final class ModelCopy {
  /** The model's own classes: everything below this package is a bean of fields. */
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /**
   * What a field holds, from its declared type: what copying and compacting do with it. A field
   * whose kind is known is copied and walked without testing its value's type at each object (the
   * tests of a bean against the list and map interfaces were the larger part of a walk).
   */
  private enum Kind {
    /** A string, number, boolean or enum: shared, never walked. */
    VALUE,
    /** A list: copied element by element. */
    LIST,
    /** A map: copied entry by entry. */
    MAP,
    /** A model object of a concrete model class: copied and walked as a bean. */
    BEAN,
    /** An {@code Object}, or an interface, that may hold anything: copied by its runtime type. */
    ANY
  }

  /** What a list or map field's elements (a map's values) are declared to be. */
  private enum Elements {
    /**
     * Strings, numbers or the like (labels, annotations, IP lists): the collection is copied in one
     * go and never walked element by element.
     */
    VALUES,
    /** Model objects of a concrete model class: each copied and walked as a bean. */
    BEANS,
    /** Anything: each copied and walked by its runtime type. */
    ANY
  }

  /** Which part of a top-level object a field is, for a copy made for a status change. */
  private enum Part {
    SPEC,
    METADATA,
    STATUS,
    OTHER;

    static Part of(Field field) {
      return switch (field.getName()) {
        case "spec" -> SPEC;
        case "metadata" -> METADATA;
        case "status" -> STATUS;
        default -> OTHER;
      };
    }
  }

  /**
   * One instance field of a model class.
   *
   * @param constructorEmpty whether the class's constructor fills the field with an empty list or
   *     map, which a copy keeps where the original's is empty too
   * @param constructorNull whether the class's constructor leaves the field null, so that a copy
   *     need not set it where the original's is null too (most fields of most objects)
   * @param part which part of an object the field holds
   * @param elements what a list or map field's elements are
   * @param takesSharedEmpty whether the field can hold the shared empty list or map of its kind
   */
  private record Slot(
      Field field,
      Kind kind,
      boolean constructorEmpty,
      boolean constructorNull,
      Part part,
      Elements elements,
      boolean takesSharedEmpty) {
    /** Whether a new instance's field already holds what the original's {@code value} is. */
    boolean freshHolds(@Nullable Object value) {
      if (value == null) {
        return constructorNull;
      }
      return constructorEmpty
          && switch (kind) {
            case LIST -> ((List<?>) value).isEmpty();
            case MAP -> ((Map<?, ?>) value).isEmpty();
            default -> isEmpty(value);
          };
    }
  }

  /**
   * How to make and fill a copy of one model class, worked out once per class: its constructor,
   * every instance field ({@code slots}) and the fields {@link #shareEmpties} looks into ({@code
   * walked}: lists, maps and nested objects). The fields are held as arrays, walked by index: the
   * store goes through them for every object it stores.
   */
  private static final class Shape {
    private final Constructor<?> constructor;
    private final Slot[] slots;
    private final Slot[] walked;

    Shape(Constructor<?> constructor, List<Slot> slots) {
      this.constructor = constructor;
      this.slots = slots.toArray(Slot[]::new);
      this.walked = slots.stream().filter(s -> s.kind() != Kind.VALUE).toArray(Slot[]::new);
    }

    Constructor<?> constructor() {
      return constructor;
    }
  }

  /** The classes whose instances cannot change, shared by a copy as they are. */
  private static final Set<Class<?>> VALUE_TYPES =
      Set.of(
          String.class,
          Boolean.class,
          Integer.class,
          Long.class,
          Double.class,
          Float.class,
          Short.class,
          Byte.class,
          Character.class,
          BigDecimal.class,
          BigInteger.class);

  /** Whether instances of a class cannot change (a value type or an enum). */
  private static final ClassValue<Boolean> IMMUTABLE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return VALUE_TYPES.contains(type) || Enum.class.isAssignableFrom(type);
        }
      };

  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return shapeOf(type);
        }
      };

  private ModelCopy() {}

  /** A deep copy of {@code object}, a fabric8 model object, which the caller may change. */
  @SuppressWarnings("unchecked")
  public static <T> T of(T object) {
    return (T) copyBean(object);
  }

  private static @Nullable Object copyValue(@Nullable Object value) {
    if (value == null || isImmutable(value)) {
      return value;
    }
    if (value instanceof List<?> list) {
      return copyList(list, Elements.ANY);
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, Elements.ANY);
    }
    if (value instanceof Collection<?>) {
      throw new IllegalArgumentException("no deep copy of a " + value.getClass().getName());
    }
    return copyBean(value);
  }

  private static List<@Nullable Object> copyList(List<?> list, Elements elements) {
    if (elements == Elements.VALUES) {
      return new ArrayList<>(list);
    }
    List<@Nullable Object> copy = new ArrayList<>(list.size());
    for (int i = 0, n = list.size(); i < n; i++) {
      copy.add(copyElement(list.get(i), elements));
    }
    return copy;
  }

  private static Map<Object, @Nullable Object> copyMap(Map<?, ?> map, Elements elements) {
    if (elements == Elements.VALUES) {
      return new LinkedHashMap<>(map);
    }
    Map<Object, @Nullable Object> copy = new LinkedHashMap<>(capacityFor(map.size()));
    map.forEach((key, value) -> copy.put(key, copyElement(value, elements)));
    return copy;
  }

  private static @Nullable Object copyElement(@Nullable Object element, Elements elements) {
    return elements == Elements.BEANS && element != null ? copyBean(element) : copyValue(element);
  }

  /** The initial capacity a hash map needs to hold {@code size} entries without growing. */
  private static int capacityFor(int size) {
    return size < 3 ? size + 1 : (int) (size / 0.75f) + 1;
  }

  private static boolean isImmutable(Object value) {
    return value instanceof String || IMMUTABLE.get(value.getClass());
  }

  /**
   * A new instance of the bean's class with each field copied. The constructor's own empty
   * collections are kept where the original's are empty too (the model makes them in every
   * constructor, so there is nothing to gain from replacing them).
   */
  private static Object copyBean(Object bean) {
    Shape shape = SHAPES.get(bean.getClass());
    try {
      Object copy = shape.constructor().newInstance();
      for (Slot slot : shape.slots) {
        Object value = slot.field().get(bean);
        if (slot.freshHolds(value)) {
          continue;
        }
        slot.field().set(copy, copyField(slot, value));
      }
      return copy;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy a " + bean.getClass().getName(), e);
    }
  }

  /** A copy of a field's value, by the field's kind. */
  private static @Nullable Object copyField(Slot slot, @Nullable Object value) {
    if (value == null) {
      return null;
    }
    return switch (slot.kind()) {
      case VALUE -> value;
      case LIST -> copyList((List<?>) value, slot.elements());
      case MAP -> copyMap((Map<?, ?>) value, slot.elements());
      case BEAN -> copyBean(value);
      case ANY -> copyValue(value);
    };
  }

  /**
   * A copy of {@code object} for a change of its status alone (the API server's status
   * subresource): its {@code spec} is the original's, shared; its {@code metadata} a new object
   * holding the original's values (its lists and maps shared); everything else, the status
   * included, a deep copy. The caller may change the copy's status and the scalar fields of its
   * metadata, nothing else: the shared parts belong to the original too.
   */
  static <T> T forStatusChange(T object) {
    return forChange(object, true);
  }

  /**
   * {@link #forStatusChange} with the status, too, a new object holding the original's values (its
   * lists, maps and nested objects shared): for a change that sets the status's fields to values of
   * its own and changes nothing they held, as a kubelet's start of a pod sets each field anew.
   */
  static <T> T forStatusReplacement(T object) {
    return forChange(object, false);
  }

  @SuppressWarnings("unchecked")
  private static <T> T forChange(T object, boolean deepStatus) {
    Shape shape = SHAPES.get(object.getClass());
    try {
      Object copy = shape.constructor().newInstance();
      for (Slot slot : shape.slots) {
        Object value = slot.field().get(object);
        if (value == null && slot.constructorNull()) {
          continue;
        }
        Object copied =
            switch (slot.part()) {
              case SPEC -> value;
              case METADATA -> value == null ? null : shallowCopy(value);
              case STATUS ->
                  deepStatus || value == null || slot.kind() != Kind.BEAN
                      ? copyField(slot, value)
                      : shallowCopy(value);
              case OTHER -> copyField(slot, value);
            };
        slot.field().set(copy, copied);
      }
      return (T) copy;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy a " + object.getClass().getName(), e);
    }
  }

  /**
   * A new instance of {@code bean}'s class holding the same field values, nothing copied deeper:
   * for a change of its own scalar fields alone, as a pod's binding sets its spec's {@code
   * nodeName}.
   */
  @SuppressWarnings("unchecked")
  static <T> T shallow(T bean) {
    try {
      return (T) shallowCopy(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy a " + bean.getClass().getName(), e);
    }
  }

  /** A new instance of the bean's class holding the same field values (nothing copied deeper). */
  private static Object shallowCopy(Object bean) throws ReflectiveOperationException {
    Shape shape = SHAPES.get(bean.getClass());
    Object copy = shape.constructor().newInstance();
    for (Slot slot : shape.slots) {
      Object value = slot.field().get(bean);
      if (value != null || !slot.constructorNull()) {
        slot.field().set(copy, value);
      }
    }
    return copy;
  }

  /** Whether {@code value} is an empty list or map. */
  private static boolean isEmpty(@Nullable Object value) {
    return (value instanceof List<?> list && list.isEmpty())
        || (value instanceof Map<?, ?> map && map.isEmpty());
  }

  /**
   * Replaces every empty list and map in {@code bean}, at any depth, by the one shared immutable
   * empty list or map. For objects that are never changed again (the store's): most of a model
   * object's collections are the empties its constructors made, and a pod holds dozens of them; the
   * store's copies for a change make mutable ones again.
   */
  static void shareEmpties(Object bean) {
    shareEmpties(bean, false, false);
  }

  /**
   * {@link #shareEmpties} for a new object whose spec is one the store holds already (a pod's,
   * shared with the pods created before it from an equal one): its spec is not walked again.
   */
  static void shareEmptiesBesideStoredSpec(Object bean) {
    shareEmpties(bean, true, false);
  }

  /**
   * {@link #shareEmpties} for a copy made by {@link #forStatusChange} or {@link
   * #forStatusReplacement}, or one whose spec is a {@link #shallow} copy of the stored original's:
   * its spec and metadata hold the original's lists, maps and nested objects, with shared empties
   * already (the change may set only their scalar fields), and are not walked again.
   */
  static void shareEmptiesBesideSpec(Object bean) {
    shareEmpties(bean, true, true);
  }

  private static void shareEmpties(Object bean, boolean besideSpec, boolean besideMetadata) {
    Shape shape = SHAPES.get(bean.getClass());
    try {
      for (Slot slot : shape.walked) {
        if ((besideSpec && slot.part() == Part.SPEC)
            || (besideMetadata && slot.part() == Part.METADATA)) {
          continue;
        }
        Object value = slot.field().get(bean);
        if (value == null) {
          continue;
        }
        switch (slot.kind()) {
          case LIST -> {
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
              shareEmpty(bean, slot, list, Collections.emptyList());
            } else if (slot.elements() != Elements.VALUES) {
              for (int i = 0, n = list.size(); i < n; i++) {
                shareEmptiesInElement(list.get(i), slot.elements());
              }
            }
          }
          case MAP -> {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
              shareEmpty(bean, slot, map, Collections.emptyMap());
            } else if (slot.elements() != Elements.VALUES) {
              for (Object element : map.values()) {
                shareEmptiesInElement(element, slot.elements());
              }
            }
          }
          case BEAN -> shareEmpties(value, false, false);
          case VALUE -> throw new AssertionError("value slots are not walked");
          case ANY -> {
            // declared as Object or an interface: whether the shared empty fits is known only now
            if (isEmpty(value)) {
              Object shared =
                  value instanceof List<?> ? Collections.emptyList() : Collections.emptyMap();
              if (value != shared && slot.field().getType().isInstance(shared)) {
                slot.field().set(bean, shared);
              }
            } else {
              shareEmptiesIn(value);
            }
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot compact a " + bean.getClass().getName(), e);
    }
  }

  /** Sets a list or map field holding an empty one of its own to the shared empty. */
  @SuppressWarnings("ReferenceEquality") // the one shared empty, not an equal one
  private static void shareEmpty(Object bean, Slot slot, Object empty, Object shared)
      throws IllegalAccessException {
    if (empty != shared && slot.takesSharedEmpty()) {
      slot.field().set(bean, shared);
    }
  }

  private static void shareEmptiesInElement(@Nullable Object element, Elements elements) {
    if (elements == Elements.BEANS && element != null) {
      shareEmpties(element, false, false);
    } else {
      shareEmptiesIn(element);
    }
  }

  private static void shareEmptiesIn(@Nullable Object value) {
    if (value == null || isImmutable(value)) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0, n = list.size(); i < n; i++) {
        shareEmptiesIn(list.get(i));
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object element : map.values()) {
        shareEmptiesIn(element);
      }
    } else {
      shareEmpties(value, false, false);
    }
  }

  private static Shape shapeOf(Class<?> type) {
    if (!type.getName().startsWith(MODEL_PACKAGE)) {
      throw new IllegalArgumentException("no deep copy of a " + type.getName());
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object fresh = constructor.newInstance();
      List<Slot> slots = new ArrayList<>();
      for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            Object initial = field.get(fresh);
            Kind kind = kindOf(field.getType());
            slots.add(
                new Slot(
                    field,
                    kind,
                    isEmpty(initial),
                    initial == null,
                    Part.of(field),
                    elementsOf(field.getGenericType()),
                    field.getType().isInstance(sharedEmpty(kind))));
          }
        }
      }
      return new Shape(constructor, slots);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no deep copy of a " + type.getName(), e);
    }
  }

  /**
   * What the elements (a map's values) of a list or map type are declared as: value types, e.g.
   * {@code List<String>} or {@code Map<String, String>}, or a concrete model class, e.g. {@code
   * List<Container>}; anything else (and any other type) may hold anything.
   */
  private static Elements elementsOf(Type declared) {
    if (!(declared instanceof ParameterizedType parameterized)
        || !(parameterized.getRawType() instanceof Class<?> raw)) {
      return Elements.ANY;
    }
    Type[] arguments = parameterized.getActualTypeArguments();
    Type element;
    if (List.class.isAssignableFrom(raw) && arguments.length == 1) {
      element = arguments[0];
    } else if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
      element = arguments[1];
    } else {
      return Elements.ANY;
    }
    if (!(element instanceof Class<?> c)) {
      return Elements.ANY;
    }
    if (c.isEnum() || VALUE_TYPES.contains(c)) {
      return Elements.VALUES;
    }
    return isBeanClass(c) ? Elements.BEANS : Elements.ANY;
  }

  private static Kind kindOf(Class<?> declared) {
    if (declared.isPrimitive() || declared.isEnum() || VALUE_TYPES.contains(declared)) {
      return Kind.VALUE;
    }
    if (List.class.isAssignableFrom(declared)) {
      return Kind.LIST;
    }
    if (Map.class.isAssignableFrom(declared)) {
      return Kind.MAP;
    }
    return isBeanClass(declared) ? Kind.BEAN : Kind.ANY;
  }

  /** Whether a declared type is a concrete model class, whose instances are beans of fields. */
  private static boolean isBeanClass(Class<?> declared) {
    return declared.getName().startsWith(MODEL_PACKAGE)
        && !declared.isInterface()
        && !Modifier.isAbstract(declared.getModifiers());
  }

  /** The shared empty a field of this kind may hold, if any. */
  private static @Nullable Object sharedEmpty(Kind kind) {
    return switch (kind) {
      case LIST -> Collections.emptyList();
      case MAP -> Collections.emptyMap();
      default -> null;
    };
  }
}
