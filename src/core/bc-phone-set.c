/* bc-phone-set.c: the phone numbers seen so far in an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-phone-set"

#include "config.h"

#include "bc-phone.h"
#include "bc-phone-set.h"

#define INITIAL_CAPACITY 1024
#define FOREIGN_KEY_BIT  (G_GUINT64_CONSTANT (1) << 63)

struct _BcPhoneSet
{
  guint64 *keys;   /* 0: empty slot */
  guint32 *lines;
  guint    capacity;  /* a power of two */
  guint    size;
};

/* An E.164 number is its own key: at most 15 digits (< 2^50) and no
 * leading zero, so the digits read as an integer are unique and no hash
 * collision can merge two numbers. Only rows with "ignore e164 validation"
 * hold something else; those get a 64-bit FNV-1a hash with the top bit set
 * (a collision between two such strings is a 2^-63 event). */
static guint64
phone_key (const char *phone)
{
  guint64 key = 0;

  if (bc_phone_is_e164 (phone))
    {
      for (const char *p = phone + 1; *p != '\0'; p++)
        key = key * 10 + (guint64) (*p - '0');
      return key;
    }

  key = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  for (const guchar *p = (const guchar *) phone; *p != '\0'; p++)
    {
      key ^= *p;
      key *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return key | FOREIGN_KEY_BIT;
}

static guint
slot_of (guint64 key,
         guint   mask)
{
  /* splitmix64's finaliser: phone numbers share long prefixes, so their
   * low bits alone would cluster. */
  key ^= key >> 30;
  key *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  key ^= key >> 27;
  key *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  key ^= key >> 31;
  return (guint) key & mask;
}

static void
resize (BcPhoneSet *self,
        guint       capacity)
{
  guint64 *old_keys = self->keys;
  guint32 *old_lines = self->lines;
  guint old_capacity = self->capacity;
  guint mask = capacity - 1;

  self->keys = g_new0 (guint64, capacity);
  self->lines = g_new (guint32, capacity);
  self->capacity = capacity;

  for (guint i = 0; i < old_capacity; i++)
    {
      guint slot;

      if (old_keys[i] == 0)
        continue;
      slot = slot_of (old_keys[i], mask);
      while (self->keys[slot] != 0)
        slot = (slot + 1) & mask;
      self->keys[slot] = old_keys[i];
      self->lines[slot] = old_lines[i];
    }

  g_free (old_keys);
  g_free (old_lines);
}

BcPhoneSet *
bc_phone_set_new (void)
{
  BcPhoneSet *self = g_new0 (BcPhoneSet, 1);

  resize (self, INITIAL_CAPACITY);
  return self;
}

void
bc_phone_set_free (BcPhoneSet *self)
{
  if (self == NULL)
    return;
  g_free (self->keys);
  g_free (self->lines);
  g_free (self);
}

guint64
bc_phone_set_add (BcPhoneSet *self,
                  const char *phone,
                  guint64     line)
{
  guint64 key = phone_key (phone);
  guint mask;
  guint slot;

  /* Grow at 70 % load: a million numbers then fit in 2^21 slots. */
  if ((guint64) (self->size + 1) * 10 > (guint64) self->capacity * 7)
    resize (self, self->capacity * 2);

  mask = self->capacity - 1;
  slot = slot_of (key, mask);
  while (self->keys[slot] != 0)
    {
      if (self->keys[slot] == key)
        return self->lines[slot];
      slot = (slot + 1) & mask;
    }

  self->keys[slot] = key;
  self->lines[slot] = (guint32) MIN (line, G_MAXUINT32);
  self->size++;
  return 0;
}

guint
bc_phone_set_size (BcPhoneSet *self)
{
  return self->size;
}
