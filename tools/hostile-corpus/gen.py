import os, json
import sys
OUT=sys.argv[1] if len(sys.argv) > 1 else 'hostile-corpus'
D=os.path.abspath(OUT + '/in'); os.makedirs(D, exist_ok=True)
rows=[]
def f(name, content, mode='w'):
    p=os.path.join(D,name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if isinstance(content, bytes): open(p,'wb').write(content)
    else: open(p,'w').write(content)
    return p
def add(cls, expect, *args): rows.append((cls, expect, list(args)))
def man(cls, expect, name, content, *extra):
    add(cls, expect, 'kubectl', *extra, '-f', f(name, content), '--', 'get', 'cm,svc,deploy')
CM='apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n'
# YAML: recursion
for i,t in enumerate(['x: &a [*a]\n', 'x: &a {b: *a}\n', CM+'data: &d {k: *d}\n', 'a: &a [[[*a]]]\n', '&a [*a]\n', CM+'  labels: &l {x: *l}\n']):
    man('yaml-recursion','refuse',f'rec{i}.yaml',t)
# alias bombs
def bomb(levels, fan, inner='"lol"'):
    s='a: &a ['+','.join([inner]*fan)+']\n'; prev='a'
    for i in range(1,levels):
        n=f'l{i}'; s+=f'{n}: &{n} ['+','.join([f'*{prev}']*fan)+']\n'; prev=n
    return s
for lv,fan in [(16,3),(12,3),(10,4),(9,9),(8,5),(20,2),(14,3),(6,9)]:
    man('yaml-aliasbomb','refuse',f'bomb{lv}x{fan}.yaml',bomb(lv,fan))
# duplicate keys
dups=[CM+'#---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n', CM+'  name: b\n', CM+'data: {a: 1, a: 2}\n', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  kind: Secret\n  metadata: {name: a}\n', CM+'  labels: {x: a, x: b}\n', CM+'kind: ConfigMap\n']
for i,t in enumerate(dups): man('yaml-dupkey','refuse',f'dup{i}.yaml',t)
man('yaml-dupkey','accept','dupcase.yaml',CM+'data: {a: "1", A: "2"}\n')
# merge keys
man('yaml-merge','accept','merge0.yaml',CM+'  annotations: &c {app: web}\n  labels:\n    <<: *c\n    tier: x\n')
man('yaml-merge','accept','merge1.yaml',CM+'  annotations: &c {app: web}\n  finalizers: []\ndata:\n  <<: [*c, {b: c}]\n')
man('yaml-merge','accept','merge2.yaml','apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\ndata:\n  <<: {x: "1"}\n  x: "2"\n')
man('yaml-merge','refuse','merge3.yaml',CM+'data:\n  <<: [1, 2]\n')
man('yaml-merge','accept','merge4.yaml','apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: &l {app: web}}\n  template:\n    metadata: {labels: {<<: *l}}\n    spec: {containers: [{name: c, image: nginx}]}\n')
# sizes
man('yaml-size','refuse','big10m.yaml','data: '+'x'*10_000_000+'\n')
man('yaml-size','refuse','big2m.yaml',CM+'data: {a: '+'x'*2_000_000+'}\n')
man('yaml-size','accept','comments10m.yaml','# comment line comment line comment\n'*290_000+CM)
man('yaml-size','refuse','deep200.yaml','a: '+'['*200+']'*200+'\n')
man('yaml-size','refuse','deep500map.yaml',''.join('  '*i+f'k{i}:\n' for i in range(500))+'  '*500+'v\n')
# encoding
man('yaml-encoding','refuse','latin1.yaml',(CM+'data: {a: caf\xe9}\n').encode('latin1'))
man('yaml-encoding','refuse','utf16.yaml',(CM).encode('utf-16'))
man('yaml-encoding','accept','bom.yaml',b'\xef\xbb\xbf'+CM.encode())
man('yaml-encoding','refuse','badcont.yaml',(CM).encode()+b'data: {a: "\xc3\x28"}\n')
man('yaml-encoding','refuse','nul.yaml',CM.encode()+b'data: {a: "\x00"}\n')
# paths
for p,e in [('/dev/zero','refuse'),('/dev/null','accept'),('/dev/urandom','refuse'),(D+'/nonexistent.yaml','refuse'),('/proc/self/status','refuse')]:
    add('paths',e,'kubectl','-f',p,'--','get','cm')
os.makedirs(D+'/mdir',exist_ok=True); f('mdir/a.yaml',CM)
add('paths','accept','kubectl','-f',D+'/mdir','--','get','cm')
# unknown fields
UNK=['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replica: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, lables: {a: b}}\n',
 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80, prot: TCP}]}\n',
 CM+'extra: 1\n',
 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, imag: nginx}]}\n']
for i,t in enumerate(UNK): man('unknown-field','refuse',f'unk{i}.yaml',t)
man('unknown-field','accept','unkw.yaml',UNK[0],'--validate=warn')
man('unknown-field','accept','unkw2.yaml',UNK[3],'--validate=warn')
man('unknown-field','accept','unki.yaml',UNK[1],'--validate=ignore')
man('unknown-field','refuse','unkb.yaml',CM,'--validate=bogus')
# type errors
man('types','refuse','float0.yaml','apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80.5}]}\n')
man('types','refuse','float1.yaml','apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1.5\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n')
man('types','refuse','float2.yaml','apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30080.7}]}\n')
# API validation
SVC='apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {%s}\nspec:\n  type: %s\n  selector: {%s}\n  ports: [{port: 80}]\n%s'
for i,(l,t,s,m,e) in enumerate([('"bad key!": x','ClusterIP','app: web','','refuse'),('a: "bad value!"','ClusterIP','app: web','','refuse'),('','ClusterIP','"bad key!": x','','refuse'),('','ClusterIP','app: "bad value!"','','refuse'),('','ClusterIP','app: '+'v'*64,'','refuse'),('"'+'p'*254+'/k": v','ClusterIP','app: web','','refuse'),('"example.com/app": web','ClusterIP','app: web','','accept')]):
    man('api-labels',e,f'svc{i}.yaml',SVC%(l,t,s,m))
for i,(r,t,e) in enumerate([('[10.0.0.0/33]','LoadBalancer','refuse'),('[abc]','LoadBalancer','refuse'),('[" 10.0.0.0/8 "]','LoadBalancer','accept'),('[10.0.0.0/8]','ClusterIP','refuse'),('[10.0.0.1/24]','LoadBalancer','accept')]):
    man('api-lbsr',e,f'lbsr{i}.yaml',SVC%('',t,'app: web','  loadBalancerSourceRanges: '+r+'\n'))
NODE='apiVersion: v1\nkind: Node\nmetadata: {name: w9}\n'
for i,(t,e) in enumerate([('spec: {podCIDR: abc}\n','refuse'),('spec: {podCIDRs: [10.244.9.0/33]}\n','refuse'),('status: {addresses: [{type: InternalIP, address: 999.1.1.1}]}\n','refuse'),('status: {addresses: [{type: ExternalIP, address: x}]}\n','refuse'),('status: {addresses: [{type: InternalIP, address: 192.168.80.109}]}\n','accept')]):
    man('api-node',e,f'node{i}.yaml',NODE+t)
man('api-size','refuse','ann300k.yaml','apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {a: '+'x'*150000+', b: '+'x'*150000+'}\n')
man('api-size','accept','ann200k.yaml','apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {a: '+'x'*200000+'}\n')
man('api-size','refuse','cm11m.yaml',CM+'data: {a: '+'x'*600000+', b: '+'x'*600000+'}\n')
man('api-size','accept','cm900k.yaml',CM+'data: {a: '+'x'*900000+'}\n')
KA='apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: {%s}\n'
for i,(t,e) in enumerate([('podSubnet: 10.244.0.0/25','refuse'),('podSubnet: 10.244.0.0/26','refuse'),('podSubnet: 10.244.0.0/16','accept'),('serviceSubnet: 10.96.0.0/29','refuse'),('serviceSubnet: 10.96.0.0/30','refuse'),('serviceSubnet: 10.96.0.0/28','accept'),('serviceSubnet: 10.96.0.0/32','refuse')]):
    man('kubeadm',e,f'ka{i}.yaml',KA%t)
DEP='apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\nspec:\n  replicas: %d\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n'
man('controllers','accept','dep250.yaml',DEP%('a'*250,1))
man('controllers','accept','dep240.yaml',DEP%('b'*240,2))
man('controllers','refuse','depmax.yaml',DEP%('web',2147483647))
man('controllers','accept','rs250.yaml',(DEP%('c'*250,1)).replace('apps/v1\nkind: Deployment','apps/v1\nkind: ReplicaSet'))
# CLI
for w in ['trac','kubctl','netfiltr','dgi','runn','scenario','iptable-save','curll','conntrak','xyz']:
    add('cli-typo','refuse',w,'--help')
for a in [['trace','--frm','1.2.3.4','--to','10.96.0.1:80'],['trace','--too','x'],['kubectl','--filenam','x'],['netfilter','--rule','x'],['dig','--form','x','a'],['run','--al'],['curl','--cout','3','http://x'],['trace','--sed','1'],['--versin'],['trace','-Z']]:
    add('cli-option','refuse',*a)
NGX=os.path.abspath(os.path.join(os.path.dirname(__file__), '../../examples/nginx.yaml'))
for to in ['10.96.0.1:0','10.96.0.1:65536','10.96.0.1:-1','10.96.0.1:abc','kubernetes:0']:
    add('cli-port','refuse','trace','-f',NGX,'--from','node/k8s-node01','--to',to)
add('cli-port','refuse','netfilter','--rules','/dev/null','--from','1.2.3.4','--to','5.6.7.8:0')
f('batch0.json',json.dumps([{"name":"x","protocol":"tcp","source":"1.2.3.4","destination":"5.6.7.8","port":0}]))
add('cli-port','refuse','netfilter','--rules','/dev/null','--batch',D+'/batch0.json')
NF=['netfilter','--rules','/dev/null','--from','1.2.3.4','--to','5.6.7.8:80']
for s,e in [('net.ipv4.foo=1','refuse'),('net.ipv4.conf.all.route_localnet=abc','refuse'),('net.ipv4.ip_forward=1','refuse'),('noequals','refuse'),('=1','refuse'),('net/ipv4/conf/all/route_localnet=1','accept')]:
    add('cli-sysctl',e,*NF,'--sysctl',s)
for a,e in [(['kubectl','--seed','abc','--','get','pods'],'refuse'),(['kubectl','--seed','99999999999999999999','--','get','pods'],'refuse'),(['kubectl','--lb-pool','bad','--','get','pods'],'refuse'),(['kubectl','--pod-network','bad','--','get','pods'],'refuse'),(['curl','--count','0','http://10.96.0.1/'],'refuse'),(['curl','--count','1000000','http://10.96.0.1/'],'refuse'),(['curl','ftp://x/'],'refuse'),(['curl','http://'],'refuse'),(['dns','serve','--port','70000'],'refuse'),(['dns','serve','--duration','0'],'refuse')]:
    add('cli-values',e,*a)
os.makedirs(D+'/rdir',exist_ok=True)
f('latin1.rules',('*filter\n-A INPUT -m comment --comment caf\xe9\nCOMMIT\n').encode('latin1'))
for a,e in [(['--rules','/dev/null'],'accept'),(['--rules',D+'/rdir'],'refuse'),(['--rules',D+'/nope.rules'],'refuse'),(['--rules','/dev/zero'],'refuse'),(['--rules',D+'/latin1.rules'],'refuse'),(['--rules','/dev/null','--ipsets',D+'/rdir'],'refuse'),(['--rules','/dev/null','--ipsets','/dev/zero'],'refuse')]:
    add('cli-files',e,'netfilter',*a,'--from','1.2.3.4','--to','5.6.7.8:80')
add('cli-files','refuse','netfilter','--rules','/dev/null','--batch','/dev/zero')
add('cli-files','refuse','netfilter','--rules','/dev/null','--batch',D+'/rdir')
add('cli-files','refuse','kubectl','--upstream-zone','/dev/zero','--','get','pods')
add('cli-files','refuse','kubectl','--upstream-zone',D+'/rdir','--','get','pods')
add('cli-curl','exit:7','curl','-f',NGX,'--from','node/k8s-node01','http://10.96.0.1:81/')
add('cli-curl','exit:6','curl','-f',NGX,'--from','node/k8s-node01','http://nonexistent.invalid/')
# a node resolves through its own resolv.conf (nameserver 8.8.8.8): cluster names do not resolve there
add('cli-curl','exit:6','curl','-f',NGX,'--from','node/k8s-node01','http://nginx.default.svc.cluster.local:8080/')
for a in [['run','clusterp'],['run',D+'/rdir'],['run','/dev/zero'],['run','/dev/null'],['scenarios','show','clusterp']]:
    add('cli-run','refuse',*a)
# scenarios
def scen(name, text, e):
    add('scenario',e,'run',f('sc/'+name+'.yaml',text))
S='name: t\n%ssteps:\n- %s\n'
for i,(h,e) in enumerate([('seed: abc\n','refuse'),('seed: 1.5\n','refuse'),('seed: 99999999999999999999\n','refuse'),('seed: -1\n','refuse'),('seed: true\n','refuse'),('seed: 42\n','accept')]):
    scen(f'seed{i}',S%(h,'say: hi'),e)
for i,(w,e) in enumerate([('9999999999999999h','refuse'),('99999999999999999999h','refuse'),('7h','refuse'),('1000000m','refuse'),('5m','accept'),('30x','refuse'),('-5s','refuse')]):
    scen(f'wait{i}',S%('','wait: '+w),e)
f('outside.yaml',CM)
os.makedirs(D+'/sc/sub',exist_ok=True); f('sc/sub/ok.yaml',CM)
try: os.symlink(D+'/outside.yaml', D+'/sc/link.yaml')
except FileExistsError: pass
for i,(a,e) in enumerate([('../outside.yaml','refuse'),('/etc/passwd','refuse'),('link.yaml','refuse'),('sub/ok.yaml','accept'),('/dev/zero','refuse'),('nope.yaml','refuse')]):
    scen(f'apply{i}',S%('','apply: '+a),e)
for i,(st,e) in enumerate([('say: hi\n  expct: {contains: x}','refuse'),('say: hi\n  on2: node/x','refuse'),('say: hi\n  expect: {containz: x}','refuse'),('say: hi\n  wait: 5s','refuse')]):
    scen(f'key{i}',S%('',st),e)
scen('key4','name: t\nstpes:\n- say: hi\n','refuse')
for i,(st,e) in enumerate([('run: curl http://10.96.0.1/\n  count: 0','refuse'),('run: curl http://10.96.0.1/\n  count: 100000','refuse'),('run: foo','refuse'),('say: x\n  expect: {matches: "("}','refuse'),('run: cat /etc/resolv.conf\n  in: pod/default/nope\n  expect: {exit: 1}','accept')]):
    scen(f'misc{i}',S%('',st),e)
scen('misc5','name: t\nsteps: []\n','refuse')
scen('misc6','- name: t\n','refuse')
scen('misc7','name: t\nname: u\nsteps:\n- say: hi\n','refuse')
scen('misc8',bomb(16,3)+'name: t\nsteps:\n- say: hi\n','refuse')
# iptables-restore: the restore corpus with iptables-nft-restore 1.8.9's recorded verdicts
RESTORE=os.path.abspath(os.path.join(os.path.dirname(__file__), '../../netfilter-model/src/test/resources/fuzz/restore'))
for line in open(RESTORE + '/real-verdicts.tsv'):
    name, verdict = line.rstrip('\n').split('\t')
    add('iptables-restore', verdict, 'netfilter', '--rules', RESTORE + '/' + name, '--from', '1.2.3.4', '--to', '5.6.7.8:80')
with open(OUT + '/corpus.tsv','w') as out:
    for c,e,a in rows: out.write(c+'\t'+e+'\t'+'\x1f'.join(a)+'\n')
print(len(rows))
