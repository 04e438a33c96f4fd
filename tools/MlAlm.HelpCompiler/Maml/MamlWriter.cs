using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using MlAlm.HelpCompiler.Merging;

namespace MlAlm.HelpCompiler.Maml
{
    /// <summary>
    /// Writes merged help as a MAML <c>helpItems</c> document: the file PowerShell looks for as
    /// <c>&lt;culture&gt;/&lt;Assembly&gt;.dll-Help.xml</c> beside a binary module. Output is
    /// deterministic: commands in name order, two-space indentation, LF line ends, UTF-8
    /// without a byte order mark.
    /// </summary>
    public static class MamlWriter
    {
        public const string MshNamespace = "http://msh";
        public const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
        public const string CommandNamespace = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public const string DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>The document as bytes.</summary>
        public static byte[] Write(IEnumerable<CommandHelp> commands)
        {
            using var stream = new MemoryStream();
            Write(commands, stream);
            return stream.ToArray();
        }

        /// <summary>Writes the document to a stream.</summary>
        public static void Write(IEnumerable<CommandHelp> commands, Stream stream)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Replace,
                CloseOutput = false,
            };

            using (XmlWriter writer = XmlWriter.Create(stream, settings))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement("helpItems", MshNamespace);
                writer.WriteAttributeString("schema", "maml");
                foreach (CommandHelp command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    WriteCommand(writer, command);
                }

                writer.WriteEndElement();
                writer.WriteEndDocument();
            }

            stream.WriteByte((byte)'\n');
        }

        private static void WriteCommand(XmlWriter w, CommandHelp command)
        {
            w.WriteStartElement("command", "command", CommandNamespace);
            w.WriteAttributeString("xmlns", "maml", null, MamlNamespace);
            w.WriteAttributeString("xmlns", "command", null, CommandNamespace);
            w.WriteAttributeString("xmlns", "dev", null, DevNamespace);

            w.WriteStartElement("command", "details", CommandNamespace);
            Element(w, "command", "name", CommandNamespace, command.Name);
            Element(w, "command", "verb", CommandNamespace, command.Verb);
            Element(w, "command", "noun", CommandNamespace, command.Noun);
            Description(w, command.Synopsis);
            w.WriteEndElement();

            Description(w, command.Description);

            w.WriteStartElement("command", "syntax", CommandNamespace);
            foreach (SyntaxItem item in command.Syntax)
            {
                w.WriteStartElement("command", "syntaxItem", CommandNamespace);
                Element(w, "maml", "name", MamlNamespace, command.Name);
                foreach (SyntaxParameter parameter in item.Parameters)
                {
                    SyntaxParameterElement(w, parameter);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", CommandNamespace);
            foreach (ParameterHelp parameter in command.Parameters)
            {
                ParameterElement(w, parameter);
            }

            w.WriteEndElement();

            TypeList(w, "inputTypes", "inputType", command.Inputs);
            TypeList(w, "returnValues", "returnValue", command.Outputs);

            if (command.Notes.Count > 0)
            {
                w.WriteStartElement("maml", "alertSet", MamlNamespace);
                w.WriteStartElement("maml", "alert", MamlNamespace);
                Paragraphs(w, command.Notes);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteStartElement("command", "examples", CommandNamespace);
            for (int i = 0; i < command.Examples.Count; i++)
            {
                ExampleHelp example = command.Examples[i];
                w.WriteStartElement("command", "example", CommandNamespace);
                Element(w, "maml", "title", MamlNamespace, ExampleTitle(example.Title));
                Element(w, "dev", "code", DevNamespace, example.Code);
                w.WriteStartElement("dev", "remarks", DevNamespace);
                Paragraphs(w, example.Remarks);

                // Get-Help prints the next example's title right under the last remark; an empty
                // paragraph gives a blank line between examples.
                Element(w, "maml", "para", MamlNamespace, string.Empty);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("maml", "relatedLinks", MamlNamespace);
            foreach (LinkHelp link in command.Links)
            {
                w.WriteStartElement("maml", "navigationLink", MamlNamespace);
                Element(w, "maml", "linkText", MamlNamespace, link.Text);
                Element(w, "maml", "uri", MamlNamespace, link.Uri);
                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteEndElement();
        }

        /// <summary>Get-Help prints the title on its own line above the code; dashes set it apart.</summary>
        public static string ExampleTitle(string title) => "---------- " + title + " ----------";

        private static void SyntaxParameterElement(XmlWriter w, SyntaxParameter syntax)
        {
            ParameterHelp p = syntax.Parameter;
            StartParameter(w, p, syntax.Binding);
            Element(w, "maml", "name", MamlNamespace, p.Name);

            // A switch shows as [-Name]: no value element. Known values show as {A | B}.
            if (!p.IsSwitch)
            {
                if (p.AllowedValues.Count > 0)
                {
                    w.WriteStartElement("command", "parameterValueGroup", CommandNamespace);
                    foreach (string value in p.AllowedValues)
                    {
                        ParameterValue(w, value, required: false, p.IsArray);
                    }

                    w.WriteEndElement();
                }
                else
                {
                    ParameterValue(w, p.TypeName, required: true, p.IsArray);
                }
            }

            w.WriteEndElement();
        }

        private static void ParameterElement(XmlWriter w, ParameterHelp p)
        {
            StartParameter(w, p, p.Binding);
            Element(w, "maml", "name", MamlNamespace, p.Name);
            Description(w, p.Description);
            ParameterValue(w, p.TypeName, required: !p.IsSwitch, p.IsArray);
            w.WriteStartElement("dev", "type", DevNamespace);
            Element(w, "maml", "name", MamlNamespace, p.TypeFullName);
            Element(w, "maml", "uri", MamlNamespace, string.Empty);
            w.WriteEndElement();
            Element(w, "dev", "defaultValue", DevNamespace, p.DefaultValue);
            w.WriteEndElement();
        }

        private static void StartParameter(XmlWriter w, ParameterHelp p, ParameterBinding binding)
        {
            w.WriteStartElement("command", "parameter", CommandNamespace);
            w.WriteAttributeString("required", binding.Required ? "true" : "false");
            w.WriteAttributeString("variableLength", p.IsArray ? "true" : "false");
            w.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
            w.WriteAttributeString("pipelineInput", binding.PipelineInput);
            w.WriteAttributeString("position", binding.Position);
            w.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
        }

        private static void ParameterValue(XmlWriter w, string text, bool required, bool variableLength)
        {
            w.WriteStartElement("command", "parameterValue", CommandNamespace);
            w.WriteAttributeString("required", required ? "true" : "false");
            w.WriteAttributeString("variableLength", variableLength ? "true" : "false");
            w.WriteString(Clean(text));
            w.WriteEndElement();
        }

        private static void TypeList(XmlWriter w, string listName, string itemName, IReadOnlyList<TypeHelp> types)
        {
            w.WriteStartElement("command", listName, CommandNamespace);
            foreach (TypeHelp type in types)
            {
                w.WriteStartElement("command", itemName, CommandNamespace);
                w.WriteStartElement("dev", "type", DevNamespace);
                Element(w, "maml", "name", MamlNamespace, type.TypeName);
                w.WriteEndElement();
                Description(w, type.Description);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void Description(XmlWriter w, IReadOnlyList<string> paragraphs)
        {
            w.WriteStartElement("maml", "description", MamlNamespace);
            Paragraphs(w, paragraphs);
            w.WriteEndElement();
        }

        private static void Paragraphs(XmlWriter w, IReadOnlyList<string> paragraphs)
        {
            foreach (string paragraph in paragraphs)
            {
                Element(w, "maml", "para", MamlNamespace, paragraph);
            }
        }

        private static void Element(XmlWriter w, string prefix, string localName, string ns, string text)
        {
            w.WriteStartElement(prefix, localName, ns);
            w.WriteString(Clean(text));
            w.WriteEndElement();
        }

        /// <summary>Drops characters XML 1.0 cannot carry (control characters other than tab and LF).</summary>
        private static string Clean(string text)
        {
            StringBuilder? sb = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool ok = c == '\t' || c == '\n' || XmlConvert.IsXmlChar(c)
                    || (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c));
                if (ok && c == '\r')
                {
                    ok = false;
                }

                if (!ok)
                {
                    sb ??= new StringBuilder(text, 0, i, text.Length);
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                {
                    sb?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                sb?.Append(c);
            }

            return sb?.ToString() ?? text;
        }
    }
}
