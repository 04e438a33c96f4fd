using System;
using System.Collections.Generic;
using System.IO;

namespace MlAlm.Core.Storage.Local
{
    /// <summary>
    /// Where everything of a local store lives on disk:
    /// <code>
    /// &lt;root&gt;/docs/&lt;key segments&gt;/@0000000001/data     a document generation
    ///                                 /@0000000002/deleted  a tombstone generation
    /// &lt;root&gt;/content/&lt;first 2 hex&gt;/&lt;sha256&gt;             content blobs
    /// &lt;root&gt;/tmp/~...                                   writes in progress (never visible)
    /// </code>
    /// Store keys only use [a-z0-9 ._-] (see <see cref="StoreKey"/>), so the '@' of generation
    /// folders, the '!' of escaped segments and the '~' of temporary names can never collide
    /// with a folder that stands for a key segment.
    /// </summary>
    internal sealed class LocalStoreLayout
    {
        private const char EscapeMark = '!';

        // Names Windows maps to devices whatever the folder, with or without an extension.
        // StoreKey accepts them (they are fine blob names), so the local layout escapes them to
        // keep a workspace created on Linux usable on Windows. A superset of NameRules' list on
        // purpose: escaping one name too many costs nothing.
        private static readonly HashSet<string> WindowsDeviceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
        };

        public LocalStoreLayout(string root)
        {
            Root = root;
            DocumentsRoot = Path.Combine(root, "docs");
            ContentRoot = Path.Combine(root, "content");
            TempRoot = Path.Combine(root, "tmp");
        }

        public string Root { get; }
        public string DocumentsRoot { get; }
        public string ContentRoot { get; }
        public string TempRoot { get; }

        public void EnsureCreated()
        {
            Directory.CreateDirectory(DocumentsRoot);
            Directory.CreateDirectory(ContentRoot);
            Directory.CreateDirectory(TempRoot);
        }

        /// <summary>The folder of a document; the key must already be valid.</summary>
        public string DocumentFolder(string key)
        {
            var segments = key.Split('/');
            var parts = new string[segments.Length + 1];
            parts[0] = DocumentsRoot;
            for (int i = 0; i < segments.Length; i++) parts[i + 1] = EncodeSegment(segments[i]);
            return Path.Combine(parts);
        }

        public string ContentFile(ContentHash hash) => Path.Combine(ContentRoot, hash.Hex.Substring(0, 2), hash.Hex);

        public static string EncodeSegment(string segment) =>
            IsWindowsDeviceName(segment) ? EscapeMark + segment : segment;

        /// <summary>Maps a folder name back to a key segment; false for folders that are not one.</summary>
        public static bool TryDecodeSegment(string folderName, out string segment)
        {
            segment = folderName;
            if (folderName.Length > 1 && folderName[0] == EscapeMark)
            {
                segment = folderName.Substring(1);
                // Only names that needed escaping are ever escaped; anything else is foreign.
                if (!IsWindowsDeviceName(segment)) return false;
            }
            else if (IsWindowsDeviceName(folderName))
            {
                return false;
            }
            return StoreKey.IsValid(segment);
        }

        private static bool IsWindowsDeviceName(string segment)
        {
            int dot = segment.IndexOf('.');
            string stem = (dot < 0 ? segment : segment.Substring(0, dot)).TrimEnd(' ');
            return WindowsDeviceNames.Contains(stem);
        }
    }
}
